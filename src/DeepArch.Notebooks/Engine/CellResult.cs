namespace DeepArch.Notebooks.Engine;

/// <summary>How a cell ended: its execution count, and its error when it failed (also sent as an output).</summary>
public sealed record CellResult(int ExecutionCount, ErrorOutput? Error)
{
    /// <summary>True when the cell compiled and ran without an exception.</summary>
    public bool Succeeded => Error is null;
}
