using System.Globalization;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Running;

/// <summary>How one code cell ran in a kernel, and whether its output went past the cap.</summary>
/// <param name="Outcome">Status, duration and one-line error.</param>
/// <param name="OutputTruncated">The cell printed more than the per-cell cap; the rest was dropped.</param>
internal sealed record CellRun(CellOutcome Outcome, bool OutputTruncated);

/// <summary>
/// Runs one code cell in a kernel the way nbclient does, and writes what it produced into the cell: outputs (a time
/// limit or a dead kernel becomes an error output of its own), execution count, nbclient's timing keys and the
/// <c>deeparch.duration_s</c> metadata. Shared by the notebook runner and the grader.
/// </summary>
internal static class CellExecution
{
    /// <param name="kernel">The kernel to run in.</param>
    /// <param name="cell">The code cell; its outputs are replaced.</param>
    /// <param name="index">Its position in the notebook, for the outcome.</param>
    /// <param name="displays">Display ids shown so far in this notebook (for <c>update_display_data</c>).</param>
    /// <param name="limit">Longest the cell may run.</param>
    /// <param name="maxOutputBytes">Output kept before the rest is dropped.</param>
    /// <param name="limitMessage">What to say when the limit is reached, when it is not the cell's own limit.</param>
    public static CellRun Run(KernelSession kernel, NotebookCell cell, int index, Dictionary<string, List<JsonObject>> displays,
        TimeSpan limit, int maxOutputBytes, string? limitMessage = null)
    {
        cell.Outputs.Clear();
        var collector = new OutputCollector(cell.Outputs, displays, maxOutputBytes);
        var timing = new JsonObject();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, error) = limit > TimeSpan.Zero
            ? kernel.Execute(cell.Source, limit, collector, timing)
            : (CellStatus.TimedOut, limitMessage);
        if (status == CellStatus.TimedOut && limitMessage is not null)
            error = limitMessage;
        if (status == CellStatus.TimedOut)
            collector.AddRunnerError("CellTimeoutError", error!);
        else if (status == CellStatus.KernelDied)
            collector.AddRunnerError("DeadKernelError", error!);

        var duration = clock.Elapsed;
        cell.ExecutionCount = collector.ExecutionCount;
        cell.Metadata["execution"] = timing;
        if (cell.Metadata["deeparch"] is not JsonObject deeparch)
            cell.Metadata["deeparch"] = deeparch = [];
        deeparch["duration_s"] = Math.Round(duration.TotalSeconds, 3);
        return new CellRun(new CellOutcome(index, status, duration, error), collector.Truncated);
    }

    /// <summary>Seconds as the messages write them ("12.5").</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
