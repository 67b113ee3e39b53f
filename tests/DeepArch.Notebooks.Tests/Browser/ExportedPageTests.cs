using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepArch.Notebooks.Export;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Tests.Suite;

namespace DeepArch.Notebooks.Tests.Browser;

/// <summary>Exported pages opened from file:// in headless chromium with no network: formulas typeset, charts drawn.</summary>
public sealed partial class ExportedPageTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("deeparch-export-");

    public void Dispose() => _folder.Delete(recursive: true);

    [ChromiumFact]
    public void WithTheSharedAssetFileEveryFormulaIsTypesetAndEveryChartDraws()
    {
        var assets = Path.Combine(_folder.FullName, HtmlExporter.AssetsFileName);
        var page = Path.Combine(_folder.FullName, "chapters", "page.html");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        HtmlExporter.SaveAssets(assets);
        HtmlExporter.Save(MathAndCharts(), "t", page, sharedAssets: "../" + HtmlExporter.AssetsFileName);

        var dom = Chromium.DumpDom(page);

        AssertTypeset(dom, formulas: 3);
        AssertDrawn(dom, charts: 2);
    }

    [ChromiumFact]
    public void ASingleFilePageTypesetsAndDrawsAlone()
    {
        var page = Path.Combine(_folder.FullName, "page.html");
        HtmlExporter.Save(MathAndCharts(), "t", page);

        var dom = Chromium.DumpDom(page);

        Assert.False(File.Exists(Path.Combine(_folder.FullName, HtmlExporter.AssetsFileName)));
        AssertTypeset(dom, formulas: 3);
        AssertDrawn(dom, charts: 2);
    }

    [ChromiumTheory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void EveryFormulaOfACourseNotebookIsTypesetOffline(string name)
    {
        var notebook = Notebook.Load(CourseNotebooks.Find(name).Path);
        var formulas = notebook.Cells.Where(c => c.CellType == "markdown")
            .Sum(c => Regex.Matches(HtmlExporter.ToHtml(With(c), "t"), "class=\"math\"").Count);
        var page = Path.Combine(_folder.FullName, "page.html");
        HtmlExporter.Save(notebook, name, page);

        AssertTypeset(Chromium.DumpDom(page), formulas);
    }

    /// <summary>Markdown with an inline and a display formula, a text/latex output, and two Plotly charts.</summary>
    private static Notebook MathAndCharts()
    {
        var chart = """{"data":[{"type":"scatter","y":[1,3,2]}],"layout":{"title":{"text":"loss"}}}""";
        var code = new NotebookCell("code", "chart") { ExecutionCount = 1 };
        code.Outputs.Add(Display(OutputHtml.PlotlyMime, JsonNode.Parse(chart)!));
        code.Outputs.Add(Display("text/latex", JsonValue.Create(@"$\sigma(z) = \frac{1}{1 + e^{-z}}$")!));
        code.Outputs.Add(Display(OutputHtml.PlotlyMime, JsonNode.Parse(chart)!));
        return With(
            new NotebookCell("markdown", "Taille : $O = \\lfloor (I - K + 2P)/S \\rfloor + 1$.\n\n$$\n\\sum_{i=1}^{n} x_i^2\n$$"),
            code);
    }

    private static Notebook With(params NotebookCell[] cells)
    {
        var notebook = new Notebook();
        notebook.Cells.AddRange(cells);
        return notebook;
    }

    private static JsonObject Display(string mime, JsonNode value) =>
        new() { ["output_type"] = "display_data", ["data"] = new JsonObject { [mime] = value }, ["metadata"] = new JsonObject() };

    private static void AssertTypeset(string dom, int formulas)
    {
        var text = VisibleText(dom);
        foreach (var delimiter in new[] { @"\(", @"\)", @"\[", @"\]", "$$" })
            Assert.False(text.Contains(delimiter, StringComparison.Ordinal), $"raw TeX left on the page: {Around(text, delimiter)}");
        Assert.DoesNotContain("class=\"katex-error\"", dom);
        Assert.Equal(formulas, KatexRoot().Matches(dom).Count);
    }

    private static void AssertDrawn(string dom, int charts)
    {
        var plots = PlotDiv().Matches(dom);
        Assert.Equal(charts, plots.Count);
        // plotly.js marks a div it drew into and adds its SVG layers with one path per scatter trace.
        Assert.All(plots, plot => Assert.Contains("js-plotly-plot", plot.Groups["class"].Value));
        Assert.Equal(charts, Regex.Matches(dom, "class=\"scatterlayer").Count);
    }

    /// <summary>What a reader sees: no scripts or styles, no code sources, no MathML annotations (which keep the TeX).</summary>
    private static string VisibleText(string dom)
    {
        var text = Hidden().Replace(dom, " ");
        text = Tag().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    private static string Around(string text, string needle)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, at - 60), Math.Min(120, text.Length - Math.Max(0, at - 60)));
    }

    [GeneratedRegex(@"<(script|style|annotation|code)\b[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    // KaTeX wraps each formula in one span.katex (display formulas inside span.katex-display).
    [GeneratedRegex("<span class=\"katex\">")]
    private static partial Regex KatexRoot();

    [GeneratedRegex("<div class=\"(?<class>output plot[^\"]*)\"")]
    private static partial Regex PlotDiv();
}
