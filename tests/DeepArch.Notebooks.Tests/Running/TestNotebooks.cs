using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Running;

/// <summary>Writes small notebooks for the runner tests.</summary>
internal static class TestNotebooks
{
    /// <summary>A notebook whose first code cell is a <c>parameters</c> cell when <paramref name="parameters"/> is given.</summary>
    public static string Write(string directory, string name, string? parameters, params string[] cells)
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" };
        notebook.Cells.Add(new NotebookCell("markdown", $"# {name}") { Id = "title" });
        if (parameters is not null)
        {
            var cell = new NotebookCell("code", parameters) { Id = "parameters" };
            cell.AddTag("parameters");
            notebook.Cells.Add(cell);
        }
        for (var i = 0; i < cells.Length; i++)
            notebook.Cells.Add(new NotebookCell("code", cells[i]) { Id = $"cell{i + 1}" });
        var path = Path.Combine(directory, name);
        notebook.Save(path);
        return path;
    }
}
