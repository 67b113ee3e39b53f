using System.Text.Json.Nodes;
using DeepArch.Notebooks.Engine;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Ipynb;

public sealed class NotebookTests
{
    /// <summary>Written by Jupyter's own nbformat (Python), with unknown metadata, attachments and every output kind.</summary>
    private static readonly string JupyterWritten = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ipynb", "TestData", "roundtrip.ipynb"));

    [Fact]
    public void Notebook_written_by_Jupyter_round_trips_byte_for_byte()
    {
        var notebook = Notebook.Parse(JupyterWritten, "roundtrip.ipynb");
        Assert.Equal(JupyterWritten, notebook.ToJson());
    }

    [Fact]
    public void Reading_joins_multiline_sources_and_keeps_unknown_metadata()
    {
        var notebook = Notebook.Parse(JupyterWritten, "roundtrip.ipynb");
        Assert.Equal(5, notebook.FormatMinor);
        Assert.Equal("var x = 1;\nx + 1", notebook.Cells[2].Source);
        Assert.Equal(["setup"], notebook.Cells[1].Tags);
        Assert.Equal("✓ café", (string?)notebook.Metadata["zz_unknown"]!["émoji"]);
        Assert.Equal("line 1\nline 2\n", (string?)notebook.Cells[2].Outputs[0]["text"]);
        Assert.Equal("<b>a</b>\n<i>b</i>\n", (string?)notebook.Cells[2].Outputs[1]["data"]!["text/html"]);
    }

    [Fact]
    public void Engine_outputs_are_written_as_mime_bundles_with_text_split_into_lines()
    {
        var notebook = new Notebook();
        var cell = new NotebookCell("code", "print()") { ExecutionCount = 3 };
        var bundle = new MimeBundle();
        bundle.Set("text/plain", "a\nb");
        bundle.Set("application/json", """{"k": [1, 2]}""");
        cell.Outputs.Add(new ExecuteResultOutput(bundle, 3).ToJson());
        cell.Outputs.Add(new StreamOutput("stdout", "x\ny\n").ToJson());
        notebook.Cells.Add(cell);

        var written = JsonNode.Parse(notebook.ToJson())!;
        var outputs = written["cells"]![0]!["outputs"]!;
        Assert.Equal("""["a\n","b"]""", outputs[0]!["data"]!["text/plain"]!.ToJsonString());
        Assert.Equal("""{"k":[1,2]}""", outputs[0]!["data"]!["application/json"]!.ToJsonString());
        Assert.Equal("""["x\n","y\n"]""", outputs[1]!["text"]!.ToJsonString());
        Assert.Equal(3, (int)outputs[0]!["execution_count"]!);
    }

    [Fact]
    public void Save_then_load_gives_the_same_notebook()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deeparch-{Guid.NewGuid():N}.ipynb");
        try
        {
            Notebook.Parse(JupyterWritten, "roundtrip.ipynb").Save(path);
            Assert.Equal(JupyterWritten, Notebook.Load(path).ToJson());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{ not json", "bad.ipynb: not valid JSON")]
    [InlineData("[]", "bad.ipynb: not a notebook")]
    [InlineData("""{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": []}""", "bad.ipynb: nbformat 3 is not supported")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}""", "bad.ipynb: missing \"cells\"")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "metadata": {}}, {"cell_type": "python", "source": ""}]}""", "bad.ipynb: cell 2 has no valid \"cell_type\"")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 42, "metadata": {}}]}""", "bad.ipynb: cell 1 \"source\" is neither a string nor an array of strings")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "weird"}]}]}""", "bad.ipynb: cell 1 output 1 has an unknown output_type \"weird\"")]
    public void Malformed_notebook_is_an_error_naming_the_file_and_the_problem(string json, string expectedStart)
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Parse(json, "bad.ipynb"));
        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Load("/nonexistent/chapter.ipynb"));
        Assert.StartsWith("/nonexistent/chapter.ipynb: cannot be read", error.Message);
    }
}
