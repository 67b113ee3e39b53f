using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepArch.Display;

namespace DeepArch.Notebooks.Export;

/// <summary>
/// The scripts an exported page needs to draw its charts and typeset its formulas offline: plotly.js (the copy inside
/// Plotly.NET) and KaTeX (shipped with the engine under Export/KaTeX, its fonts embedded as data URIs so that one
/// file is enough). KaTeX rather than MathJax: about 0.7 MB with every font against about 2 MB for MathJax's
/// self-contained SVG build, and it typesets synchronously, so a page is final once loaded.
/// </summary>
internal static partial class PageAssets
{
    /// <summary>Name of the shared asset file written beside <c>index.html</c>.</summary>
    public const string FileName = "notebook-assets.js";

    private static readonly Lazy<string> KatexScript = new(BuildKatex);

    /// <summary>The script defining <c>window.Plotly</c> and/or typesetting every <c>.math</c> element on load.</summary>
    public static string Script(bool plotly, bool math)
    {
        var script = new StringBuilder();
        if (plotly)
            // An AMD loader on the page (require.js in classic Jupyter) is hidden, so plotly.js defines the global.
            script.Append("(function (define) {\n").Append(PlotlyJs.Source).Append("\n})();\n");
        if (math)
            script.Append(KatexScript.Value);
        return script.ToString();
    }

    /// <summary>An inline <c>&lt;script&gt;</c> element with <see cref="Script"/>.</summary>
    public static string InlineTag(bool plotly, bool math) =>
        plotly || math ? "<script>\n" + Script(plotly, math).Replace("</script", "<\\/script", StringComparison.Ordinal) + "</script>\n" : "";

    /// <summary>A <c>&lt;script src&gt;</c> element loading the shared file (synchronously: charts draw as the page parses).</summary>
    public static string SharedTag(string url) => $"<script src=\"{OutputHtml.Encode(url)}\"></script>\n";

    private static string BuildKatex()
    {
        var css = FontReference().Replace(Read("katex.min.css"), font =>
            $"url(data:font/woff2;base64,{Convert.ToBase64String(ReadBytes($"fonts.{font.Groups["name"].Value}.woff2"))}) format(\"woff2\")");
        return $$"""
            /*! KaTeX 0.16.47, MIT licence, (c) 2013-2020 Khan Academy and other contributors */
            (function (define) {
            {{Read("katex.min.js")}}
            {{Read("auto-render.min.js")}}
            })();
            (function () {
              var style = document.createElement('style');
              style.textContent = {{JsonSerializer.Serialize(css)}};
              document.head.appendChild(style);
              // Markdig writes \( \) and \[ \] inside .math elements; text/latex outputs keep $ and $$.
              var delimiters = [
                { left: '$$', right: '$$', display: true }, { left: '\\[', right: '\\]', display: true },
                { left: '\\(', right: '\\)', display: false }, { left: '$', right: '$', display: false }];
              function typeset() {
                document.querySelectorAll('.math').forEach(function (element) {
                  renderMathInElement(element, { delimiters: delimiters, throwOnError: false });
                });
              }
              if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', typeset);
              else typeset();
            })();

            """;
    }

    // A font's source list (woff2, woff, ttf files beside the CSS) becomes its woff2 alone, which every browser reads.
    [GeneratedRegex("""url\(fonts/(?<name>[A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)(,url\([^)]*\) format\("[a-z]+"\))*""")]
    private static partial Regex FontReference();

    private static string Read(string name) => Encoding.UTF8.GetString(ReadBytes(name));

    private static byte[] ReadBytes(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream($"DeepArch.Notebooks.Export.KaTeX.{name}")
            ?? throw new InvalidOperationException($"The engine was built without its KaTeX file '{name}'.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
