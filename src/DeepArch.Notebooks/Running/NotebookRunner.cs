using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Parameters;

namespace DeepArch.Notebooks.Running;

/// <summary>
/// Runs notebooks headlessly, each in its own kernel process, and writes executed copies (valid nbformat 4.5 with
/// execution counts, outputs and per-cell timing). Nothing a cell does can take the runner down: a dead kernel or a
/// cell past its time limit becomes an error output on that cell, the outputs so far are kept, and the notebook stops
/// there, as papermill and nbclient do. The source notebook is never modified unless it is also the output.
/// </summary>
public sealed class NotebookRunner(RunnerOptions options)
{
    /// <summary>Raised before each code cell runs.</summary>
    public event EventHandler<CellProgress>? CellStarting;

    /// <summary>Runs <paramref name="source"/> and writes the executed notebook to <paramref name="output"/> atomically.</summary>
    public NotebookRunResult Run(string source, string output)
    {
        Notebook notebook;
        try
        {
            notebook = Notebook.Load(source);
            NotebookParameters.Inject(notebook, options.Parameters);
        }
        catch (Exception e) when (e is NotebookFormatException or ParameterException or IOException or UnauthorizedAccessException)
        {
            var message = e.Message.Contains(source, StringComparison.Ordinal) ? e.Message : $"{source}: {e.Message}";
            return new NotebookRunResult(source, null, [], TimeSpan.Zero, message.ReplaceLineEndings(" "));
        }

        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        foreach (var cell in codeCells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        var clock = Stopwatch.StartNew();
        var outcomes = new List<CellOutcome>();
        string? problem = null;
        try
        {
            using var kernel = KernelSession.Start(options, Path.GetDirectoryName(Path.GetFullPath(source))!);
            RunCells(notebook, codeCells, kernel, clock, outcomes, Path.GetFileName(source));
        }
        catch (KernelStartException e)
        {
            problem = e.Message;
            if (codeCells.Count > 0)
                new OutputCollector(codeCells[0].Outputs, [], options.MaxOutputBytesPerCell).AddRunnerError("DeadKernelError", e.Message);
        }
        var duration = clock.Elapsed;
        notebook.Save(output);
        return new NotebookRunResult(source, output, outcomes, duration, problem);
    }

    private void RunCells(Notebook notebook, List<NotebookCell> codeCells, KernelSession kernel, Stopwatch clock, List<CellOutcome> outcomes, string name)
    {
        var displays = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        var stopped = false;
        for (var i = 0; i < codeCells.Count; i++)
        {
            var cell = codeCells[i];
            var index = notebook.Cells.IndexOf(cell);
            if (stopped)
            {
                outcomes.Add(new CellOutcome(index, CellStatus.Skipped, TimeSpan.Zero));
                continue;
            }
            CellStarting?.Invoke(this, new CellProgress(name, i + 1, codeCells.Count));
            var remaining = options.NotebookTimeout - clock.Elapsed;
            var notebookLimit = remaining < options.CellTimeout
                ? $"timed out: the notebook's time limit of {CellExecution.Seconds(options.NotebookTimeout)} s was reached"
                : null;
            var run = CellExecution.Run(kernel, cell, index, displays, notebookLimit is null ? options.CellTimeout : remaining,
                options.MaxOutputBytesPerCell, notebookLimit);
            outcomes.Add(run.Outcome);
            stopped = run.Outcome.Status != CellStatus.Succeeded;
        }
    }
}
