using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepArch.Notebooks.Export;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Export;

public sealed class HtmlExporterTests
{
    private static JsonObject Display(string mime, JsonNode value) =>
        new() { ["output_type"] = "display_data", ["data"] = new JsonObject { [mime] = value }, ["metadata"] = new JsonObject() };

    private static Notebook With(params NotebookCell[] cells)
    {
        var notebook = new Notebook();
        notebook.Cells.AddRange(cells);
        return notebook;
    }

    private static NotebookCell Code(string source, params JsonObject[] outputs)
    {
        var cell = new NotebookCell("code", source) { ExecutionCount = 3 };
        cell.Outputs.AddRange(outputs);
        return cell;
    }

    [Fact]
    public void MarkdownIsRenderedWithTablesAndReadableMath()
    {
        var html = HtmlExporter.ToHtml(With(new NotebookCell("markdown", "# Convolution\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$O = \\lfloor (I - K + 2P)/S \\rfloor + 1$")), "ch01");

        Assert.Contains("<h1", html);
        Assert.Contains("Convolution</h1>", html);
        Assert.Contains("<td>1</td>", html);
        Assert.Matches(@"<span class=""math"">\\\(O = \\lfloor \(I - K \+ 2P\)/S \\rfloor \+ 1\\\)</span>", html);
    }

    [Fact]
    public void CodeIsEscapedAndShownWithItsExecutionCount()
    {
        var html = HtmlExporter.ToHtml(With(Code("var xs = new List<int> { 1 } ; // a < b && c")), "t");

        Assert.Contains("[3]", html);
        Assert.Contains("new List&lt;int&gt; { 1 } ; // a &lt; b &amp;&amp; c", html);
    }

    [Fact]
    public void ImagesAreEmbeddedAsDataUris()
    {
        var png = Display("image/png", JsonValue.Create("iVBORw0KGgo=\n")!);

        var html = HtmlExporter.ToHtml(With(Code("img", png)), "t");

        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html);
    }

    [Fact]
    public void PlotlyJsIsInlinedOnceForAnyNumberOfChartsAndNeverWithoutOne()
    {
        JsonObject Chart() => Display(OutputHtml.PlotlyMime, JsonNode.Parse("""{"data":[{"y":[1,2,3]}],"layout":{"title":{"text":"a </script> b"}}}""")!);

        var withCharts = HtmlExporter.ToHtml(With(Code("c1", Chart()), Code("c2", Chart())), "t");
        var without = HtmlExporter.ToHtml(With(Code("1+1", Display("text/plain", "2"))), "t");

        Assert.Single(Regex.Matches(withCharts, "function \\(define\\)"));
        Assert.Contains("Plotly.newPlot('plot-1'", withCharts);
        Assert.Contains("Plotly.newPlot('plot-2'", withCharts);
        Assert.DoesNotContain("a </script> b", withCharts);
        Assert.DoesNotContain("function (define)", without);
        Assert.True(withCharts.Length > 1_000_000, "plotly.js is inlined so the page works offline");
    }

    [Fact]
    public void RichOutputsAreChosenOverTheirPlainTextFallback()
    {
        var bundle = new JsonObject
        {
            ["output_type"] = "execute_result", ["execution_count"] = 1, ["metadata"] = new JsonObject(),
            ["data"] = new JsonObject { ["text/plain"] = "Tensor", ["text/html"] = "<table class=\"tensor\"></table>" },
        };

        var html = HtmlExporter.ToHtml(With(Code("t", bundle)), "t");

        Assert.Contains("<table class=\"tensor\"></table>", html);
        Assert.DoesNotContain(">Tensor<", html);
    }

    [Fact]
    public void StreamsAndErrorsAreShownWithoutTerminalColourCodes()
    {
        var stream = new JsonObject { ["output_type"] = "stream", ["name"] = "stderr", ["text"] = new JsonArray("warn <1>\n", "next") };
        var error = new JsonObject
        {
            ["output_type"] = "error", ["ename"] = "ArgumentException", ["evalue"] = "bad",
            ["traceback"] = new JsonArray("\u001b[31mArgumentException\u001b[0m: bad", "cell3.csx(2,11)"),
        };

        var html = HtmlExporter.ToHtml(With(Code("x", stream, error)), "t");

        Assert.Contains("<pre class=\"output stream stderr\">warn &lt;1&gt;\nnext</pre>", html);
        Assert.Contains("<pre class=\"output error\">ArgumentException: bad\ncell3.csx(2,11)</pre>", html);
        Assert.False(html.Contains('\u001b', StringComparison.Ordinal), "an escape character is left");
    }

    [Fact]
    public void TheIndexLinksEveryNotebookAndMarksFailures()
    {
        var html = HtmlExporter.IndexHtml("Cours", [
            new IndexEntry("00-bases", "00-bases.html", 12, 0, TimeSpan.FromSeconds(8.25)),
            new IndexEntry("01-convolution", "01-convolution.html", 20, 2, TimeSpan.FromSeconds(61)),
        ]);

        Assert.Contains("<a href=\"00-bases.html\">00-bases</a>", html);
        Assert.Contains("<tr class=\"failed\"><td><a href=\"01-convolution.html\">", html);
        Assert.Contains("<td>61.0 s</td>", html);
    }

    [Fact]
    public void SavingWritesTheWholePageAndNoTemporaryFile()
    {
        var directory = Directory.CreateTempSubdirectory("deeparch-html-").FullName;
        try
        {
            var path = Path.Combine(directory, "sub", "page.html");

            HtmlExporter.Save(With(new NotebookCell("markdown", "Bonjour é")), "t", path);

            Assert.EndsWith("</html>\n", File.ReadAllText(path));
            Assert.Contains("Bonjour é", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
