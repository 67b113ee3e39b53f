namespace DeepArch.Notebooks.Running;

/// <summary>What running one notebook produced.</summary>
/// <param name="Source">The notebook that was run.</param>
/// <param name="Output">Where the executed copy was written (<c>null</c> when the notebook could not be read).</param>
/// <param name="Cells">Every code cell's outcome, in order.</param>
/// <param name="Duration">Time from kernel start to the last cell.</param>
/// <param name="Problem">Why nothing could run (unreadable notebook, unknown parameter, kernel that would not start).</param>
public sealed record NotebookRunResult(string Source, string? Output, IReadOnlyList<CellOutcome> Cells, TimeSpan Duration, string? Problem = null)
{
    /// <summary>Cells that did not succeed (skipped ones excepted), plus one when the notebook could not run at all.</summary>
    public int Errors => Cells.Count(c => c.Status is not (CellStatus.Succeeded or CellStatus.Skipped)) + (Problem is null ? 0 : 1);

    /// <summary>Whether every code cell ran and succeeded.</summary>
    public bool Succeeded => Errors == 0;

    /// <summary>The first failure as "cell N: message", for reports and test messages.</summary>
    public string? FirstError =>
        Problem ?? (Cells.FirstOrDefault(c => c.Error is not null) is { } failed ? $"cell {failed.Index + 1}: {failed.Error}" : null);
}
