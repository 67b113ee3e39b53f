using System.Globalization;
using System.Text;
using DeepArch.Display;
using DeepArch.IO;
using DeepArch.Notebooks.Ipynb;
using Markdig;

namespace DeepArch.Notebooks.Export;

/// <summary>
/// Turns an (executed) notebook into an HTML page: markdown rendered with Markdig (tables, math), code with its
/// execution count, every output embedded (images as data URIs). Charts are drawn with plotly.js and formulas typeset
/// with KaTeX, both offline: either inlined in the page (a single file) or loaded from one shared asset file
/// (<see cref="AssetsFileName"/>, written by <see cref="SaveAssets"/>) so that many pages do not each carry ~4 MB.
/// </summary>
public static class HtmlExporter
{
    // Markdig's advanced extensions minus generic attributes: those read "{…}" after an element as HTML attributes,
    // which ate the braces of TeX such as \begin{aligned} or W_{ii} in $$…$$ (Jupyter has no such syntax either).
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAbbreviations().UseAutoIdentifiers().UseCitations().UseCustomContainers().UseDefinitionLists()
        .UseEmphasisExtras().UseFigures().UseFooters().UseFootnotes().UseGridTables()
        .UseMathematics()            // $…$ and $$…$$, left to KaTeX
        .UseMediaLinks().UsePipeTables().UseListExtras().UseTaskLists().UseDiagrams().UseAutoLinks()
        .Build();

    /// <summary>Name of the shared asset file (plotly.js and KaTeX) that pages exported with a shared asset load.</summary>
    public const string AssetsFileName = PageAssets.FileName;

    /// <summary>The page for <paramref name="notebook"/>, titled <paramref name="title"/>.</summary>
    /// <param name="notebook">The notebook, usually executed.</param>
    /// <param name="title">The page title.</param>
    /// <param name="sharedAssets">
    /// URL of the shared asset file relative to the page (e.g. <c>../notebook-assets.js</c>); null inlines plotly.js
    /// and KaTeX in the page, each only when the page has a chart or a formula, so that it opens alone.
    /// </param>
    public static string ToHtml(Notebook notebook, string title, string? sharedAssets = null)
    {
        var body = new StringBuilder();
        var plots = 0;
        foreach (var cell in notebook.Cells)
        {
            switch (cell.CellType)
            {
                case "markdown":
                    body.Append("<section class=\"cell markdown\">").Append(RenderMarkdown(cell.Source)).AppendLine("</section>");
                    break;
                case "code":
                    body.Append("<section class=\"cell code\">");
                    var count = cell.ExecutionCount is { } n ? n.ToString() : " ";
                    body.Append($"<div class=\"prompt\">[{count}]</div>");
                    body.Append("<pre class=\"source\"><code class=\"language-csharp\">").Append(OutputHtml.Encode(cell.Source)).Append("</code></pre>");
                    foreach (var output in cell.Outputs)
                        body.AppendLine(OutputHtml.Render(output, RenderMarkdown, ref plots));
                    body.AppendLine("</section>");
                    break;
                default:
                    body.Append("<section class=\"cell raw\"><pre>").Append(OutputHtml.Encode(cell.Source)).AppendLine("</pre></section>");
                    break;
            }
        }
        var html = body.ToString();
        var scripts = sharedAssets is not null
            ? PageAssets.SharedTag(sharedAssets)
            : PageAssets.InlineTag(plotly: plots > 0, math: html.Contains("class=\"math", StringComparison.Ordinal)
                                                              || html.Contains(" math\"", StringComparison.Ordinal));
        return PageTemplate.Page(title, html, scripts);
    }

    /// <summary>Writes the page for <paramref name="notebook"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="notebook">The notebook, usually executed.</param>
    /// <param name="title">The page title.</param>
    /// <param name="path">Where the page goes.</param>
    /// <param name="sharedAssets">As for <see cref="ToHtml"/>: null makes a single-file page.</param>
    public static void Save(Notebook notebook, string title, string path, string? sharedAssets = null) =>
        AtomicFile.WriteAllText(path, ToHtml(notebook, title, sharedAssets));

    /// <summary>Writes the shared asset file (plotly.js and KaTeX with its fonts, about 4.2 MB) atomically.</summary>
    public static void SaveAssets(string path) => AtomicFile.WriteAllText(path, PageAssets.Script(plotly: true, math: true));

    /// <summary>An index page linking every exported notebook, with its cells, errors and duration.</summary>
    public static string IndexHtml(string title, IEnumerable<IndexEntry> entries)
    {
        var rows = new StringBuilder();
        foreach (var e in entries)
        {
            var status = e.Errors == 0 ? "ok" : "failed";
            rows.Append($"<tr class=\"{status}\"><td><a href=\"{OutputHtml.Encode(e.Link)}\">{OutputHtml.Encode(e.Name)}</a></td>")
                .Append($"<td>{e.Cells}</td><td>{e.Errors}</td><td>{e.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s</td></tr>\n");
        }
        var table = $"<h1>{OutputHtml.Encode(title)}</h1>\n<table class=\"index\"><thead><tr><th>Notebook</th><th>Cellules</th>" +
                    $"<th>Erreurs</th><th>Durée</th></tr></thead>\n<tbody>\n{rows}</tbody></table>";
        return PageTemplate.Page(title, table, "");
    }

    /// <summary>Writes the index page atomically.</summary>
    public static void SaveIndex(string title, IEnumerable<IndexEntry> entries, string path) => AtomicFile.WriteAllText(path, IndexHtml(title, entries));

    private static string RenderMarkdown(string source) => Markdig.Markdown.ToHtml(source, Markdown);
}

/// <summary>One line of the index page.</summary>
/// <param name="Name">Notebook name as shown.</param>
/// <param name="Link">Relative link to its page.</param>
/// <param name="Cells">Code cells executed.</param>
/// <param name="Errors">Cells that failed.</param>
/// <param name="Duration">Time it took to run.</param>
public sealed record IndexEntry(string Name, string Link, int Cells, int Errors, TimeSpan Duration);
