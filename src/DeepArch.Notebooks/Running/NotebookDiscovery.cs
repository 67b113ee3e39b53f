namespace DeepArch.Notebooks.Running;

/// <summary>One notebook to run: its path and its path relative to the folder it was found in (for the output tree).</summary>
/// <param name="Path">The notebook file.</param>
/// <param name="RelativePath">Where its executed copy goes under the output folder.</param>
public sealed record NotebookJob(string Path, string RelativePath);

/// <summary>Expands the paths given on the command line into notebooks, in chapter order.</summary>
public static class NotebookDiscovery
{
    /// <summary>
    /// Each path is a notebook or a folder searched recursively (checkpoints and hidden folders skipped), sorted by
    /// relative path so <c>00-bases</c> runs before <c>01-convolution</c>. Paths that do not exist come back as problems,
    /// and the others still run.
    /// </summary>
    public static (IReadOnlyList<NotebookJob> Jobs, IReadOnlyList<string> Problems) Find(IEnumerable<string> paths)
    {
        var jobs = new List<NotebookJob>();
        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{path}: not a notebook (expected a .ipynb file or a folder)");
                else
                    jobs.Add(new NotebookJob(path, System.IO.Path.GetFileName(path)));
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.ipynb", SearchOption.AllDirectories)
                    .Select(file => new NotebookJob(file, System.IO.Path.GetRelativePath(path, file)))
                    .Where(job => !job.RelativePath.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                    .OrderBy(job => job.RelativePath, StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                    problems.Add($"{path}: no notebook in this folder");
                jobs.AddRange(found);
            }
            else
            {
                problems.Add($"{path}: no such file or folder");
            }
        }
        return (jobs, problems);
    }
}
