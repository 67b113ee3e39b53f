using DeepArch.Notebooks.Running;

namespace DeepArch.Notebooks.Tests.Suite;

/// <summary>The course's notebooks (notebooks/**/*.ipynb of this checkout), as xunit theory data.</summary>
public static class CourseNotebooks
{
    /// <summary>The checkout's root: the folder holding DeepArch.Notebooks.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every notebook, by path relative to notebooks/ (stable names for the test explorer).</summary>
    public static IReadOnlyList<NotebookJob> All { get; } =
        NotebookDiscovery.Find([Path.Combine(Root, "notebooks")]).Jobs;

    /// <summary>One row per notebook.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var job in All)
            data.Add(job.RelativePath);
        return data;
    }

    public static NotebookJob Find(string relativePath) => All.Single(j => j.RelativePath == relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepArch.Notebooks.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no DeepArch.Notebooks.sln above {AppContext.BaseDirectory}");
    }
}
