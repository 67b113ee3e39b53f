using Plotly.NET;

namespace DeepArch.Display;

/// <summary>The plotly.js that ships inside Plotly.NET, for pages that must draw charts offline.</summary>
public static class PlotlyJs
{
    private static readonly Lazy<string> Embedded = new(ReadEmbedded);

    /// <summary>Version of the embedded plotly.js (the CDN URL the charts use names the same one).</summary>
    public static string Version => Globals.PLOTLYJS_VERSION;

    /// <summary>The plotly.js source (~3.5 MB), for a page or a front end that ships it once and draws many charts.</summary>
    public static string Source => Embedded.Value;

    /// <summary>
    /// A <c>&lt;script&gt;</c> element defining <c>window.Plotly</c> (~3.5 MB). An AMD loader on the page (classic Jupyter
    /// has require.js) is hidden from it, so plotly.js always defines the global rather than an anonymous module.
    /// </summary>
    public static string InlineScriptTag() =>
        "<script type=\"text/javascript\">(function (define) {\n" + Embedded.Value + "\n})();</script>\n";

    private static string ReadEmbedded()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.js; use includePlotlyJs: false.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
