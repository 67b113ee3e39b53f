using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Running;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// Runs a grading notebook to the end, unlike the runner which stops at the first error: every test must get its
/// chance. When a cell kills the kernel or runs past its limit, a new kernel is started and the cells that had
/// succeeded are replayed silently before going on, so one crash costs the tests that depend on it, not all later ones.
/// </summary>
internal static class GradingRun
{
    /// <summary>Kernel restarts allowed before the remaining cells are given up.</summary>
    public const int MaxRestarts = 3;

    /// <returns>How each code cell ran (cells never run are absent), plus what went wrong beyond single cells.</returns>
    /// <exception cref="KernelStartException">The first kernel did not start: nothing could be graded.</exception>
    public static Dictionary<NotebookCell, CellRun> Execute(Notebook notebook, RunnerOptions options, string workingDirectory, List<string> problems)
    {
        var runs = new Dictionary<NotebookCell, CellRun>();
        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        var displays = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        var succeeded = new List<NotebookCell>();
        var clock = Stopwatch.StartNew();
        var restarts = 0;
        // A sandboxed kernel sees the folders of the assemblies the notebook references (absolute in a grading plan).
        var assemblies = codeCells.SelectMany(c => References.Paths(c.Source)).Where(Path.IsPathRooted).Where(File.Exists)
            .Select(p => Path.GetDirectoryName(p)!).Distinct().ToList();
        KernelSession? kernel = KernelSession.Start(options, workingDirectory, assemblies);
        try
        {
            foreach (var cell in codeCells)
            {
                var remaining = options.NotebookTimeout - clock.Elapsed;
                var totalLimit = remaining < options.CellTimeout
                    ? $"timed out: the grading time limit of {CellExecution.Seconds(options.NotebookTimeout)} s was reached"
                    : null;
                var run = CellExecution.Run(kernel, cell, notebook.Cells.IndexOf(cell), displays,
                    totalLimit is null ? options.CellTimeout : remaining, options.MaxOutputBytesPerCell, totalLimit);
                runs[cell] = run;
                if (run.Outcome.Status == CellStatus.Succeeded)
                {
                    succeeded.Add(cell);
                    continue;
                }
                if (run.Outcome.Status is not (CellStatus.TimedOut or CellStatus.KernelDied))
                    continue;
                kernel.Dispose();
                kernel = null;
                if (totalLimit is not null || clock.Elapsed >= options.NotebookTimeout)
                {
                    problems.Add($"temps total de correction dépassé ({CellExecution.Seconds(options.NotebookTimeout)} s) : les cellules suivantes n'ont pas été exécutées");
                    break;
                }
                if (restarts == MaxRestarts)
                {
                    problems.Add($"le noyau s'est arrêté {MaxRestarts + 1} fois : les cellules suivantes n'ont pas été exécutées");
                    break;
                }
                restarts++;
                kernel = Restart(options, workingDirectory, assemblies, succeeded, problems);
                if (kernel is null)
                    break;
            }
        }
        finally
        {
            kernel?.Dispose();
        }
        return runs;
    }

    /// <summary>A new kernel with the successful cells replayed (their outputs discarded); null when that fails too.</summary>
    private static KernelSession? Restart(RunnerOptions options, string workingDirectory, List<string> assemblies, List<NotebookCell> succeeded, List<string> problems)
    {
        KernelSession kernel;
        try
        {
            kernel = KernelSession.Start(options, workingDirectory, assemblies);
        }
        catch (KernelStartException e)
        {
            problems.Add($"le noyau n'a pas pu être relancé ({e.Message}) : les cellules suivantes n'ont pas été exécutées");
            return null;
        }
        foreach (var cell in succeeded)
        {
            var copy = new NotebookCell("code", cell.Source);
            var replay = CellExecution.Run(kernel, copy, -1, [], options.CellTimeout, options.MaxOutputBytesPerCell);
            if (replay.Outcome.Status is CellStatus.TimedOut or CellStatus.KernelDied)
            {
                kernel.Dispose();
                problems.Add($"le noyau relancé n'a pas survécu à la réexécution des cellules précédentes ({replay.Outcome.Error}) : les cellules suivantes n'ont pas été exécutées");
                return null;
            }
        }
        return kernel;
    }
}
