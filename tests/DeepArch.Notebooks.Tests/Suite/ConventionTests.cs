using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Parameters;

namespace DeepArch.Notebooks.Tests.Suite;

/// <summary>The notebook conventions of DESIGN.md, checked on every course notebook as committed.</summary>
public sealed class ConventionTests
{
    private static Notebook Load(string name) => Notebook.Load(CourseNotebooks.Find(name).Path);

    [Fact]
    public void TheCourseHasNotebooks() => Assert.NotEmpty(CourseNotebooks.All);

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void MetadataNamesTheCSharpKernelForJupyterAndPolyglot(string name)
    {
        var notebook = Load(name);

        Assert.Equal(4, Notebook.FormatMajor);
        Assert.Equal(5, notebook.FormatMinor);
        var kernelspec = Assert.IsType<JsonObject>(notebook.Metadata["kernelspec"]);
        Assert.Equal(".net-csharp", (string?)kernelspec["name"]);
        Assert.Equal(".NET (C#)", (string?)kernelspec["display_name"]);
        Assert.Equal("C#", (string?)kernelspec["language"]);
        Assert.Equal("C#", (string?)notebook.Metadata["language_info"]?["name"]);
        Assert.Equal("csharp", (string?)notebook.Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        Assert.All(notebook.Cells.Where(c => c.IsCode), cell =>
            Assert.Equal("csharp", (string?)cell.Metadata["polyglot_notebook"]?["kernelName"]));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void IsCommittedWithoutOutputs(string name)
    {
        var notebook = Load(name);

        Assert.All(notebook.Cells.Where(c => c.IsCode), cell =>
        {
            Assert.Empty(cell.Outputs);
            Assert.Null(cell.ExecutionCount);
        });
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void EveryCellHasAUniqueId(string name)
    {
        var ids = Load(name).Cells.Select(c => c.Id).ToList();

        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void OpensWithAMarkdownCellStatingTheHeadlineResult(string name)
    {
        var first = Load(name).Cells[0];

        Assert.Equal("markdown", first.CellType);
        Assert.Contains(first.Source.Split('\n'), line => line.TrimStart().StartsWith("**Résultat :**", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void FirstCodeCellReferencesTheLibraryTheWayPolyglotAndTheEngineBothAccept(string name)
    {
        var first = Load(name).Cells.First(c => c.IsCode).Source;

        Assert.Contains("#r \"nuget: TorchSharp-cpu, 0.107.0\"", first);
        Assert.Matches(@"#r ""(\.\./)+src/DeepArch/bin/Debug/net10\.0/DeepArch\.dll""", first);
        Assert.Contains("TorchRuntime.Initialize()", first);
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void TheLibraryPathLeadsFromTheNotebooksFolderToTheBuiltLibrary(string name)
    {
        // The engine uses the library it carries whatever the path says; Polyglot follows the path, so it must be right.
        var job = CourseNotebooks.Find(name);
        var path = System.Text.RegularExpressions.Regex.Match(Load(name).Cells.First(c => c.IsCode).Source, @"#r ""(?<path>[^""]*DeepArch\.dll)""").Groups["path"].Value;

        Assert.Equal(Path.Combine(CourseNotebooks.Root, "src", "DeepArch", "bin", "Debug", "net10.0", "DeepArch.dll"),
            Path.GetFullPath(path, Path.GetDirectoryName(job.Path)!));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void SecondCodeCellHoldsTheParametersWithAProfile(string name)
    {
        var notebook = Load(name);
        var second = notebook.Cells.Where(c => c.IsCode).ElementAt(1);

        Assert.True(second.HasTag(NotebookParameters.ParametersTag), "the second code cell must be tagged 'parameters'");
        var profile = Assert.Single(NotebookParameters.Read(notebook), p => p.Name == "profile");
        Assert.Equal("\"cpu\"", profile.DefaultValue);
    }

    /// <summary>Widest code line a notebook may have: wider ones scroll sideways in VS Code and the HTML export.</summary>
    private const int MaxCodeLineLength = 100;

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void EveryCodeLineFitsInAHundredCharacters(string name)
    {
        var notebook = Load(name);

        var wide = notebook.Cells.Select((cell, index) => (cell, index)).Where(c => c.cell.IsCode)
            .SelectMany(c => c.cell.Source.Split('\n').Select(line => (Cell: c.index + 1, Line: line)))
            .Where(l => l.Line.Length > MaxCodeLineLength)
            .Select(l => $"cell {l.Cell}: {l.Line.Length} characters: {l.Line}")
            .ToList();

        Assert.True(wide.Count == 0, $"{wide.Count} code lines longer than {MaxCodeLineLength}:\n{string.Join('\n', wide)}");
    }
}
