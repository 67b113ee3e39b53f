namespace DeepArch.Notebooks.Running;

/// <summary>How one code cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran without error.</summary>
    Succeeded,

    /// <summary>Raised an error (compile error or exception); the kernel is fine.</summary>
    Failed,

    /// <summary>Ran past its time limit and was stopped.</summary>
    TimedOut,

    /// <summary>The kernel process ended while the cell ran (abort, exit, stack overflow, memory limit).</summary>
    KernelDied,

    /// <summary>Not run, because an earlier cell failed.</summary>
    Skipped,
}

/// <summary>The result of one code cell.</summary>
/// <param name="Index">Position of the cell in the notebook, from 0.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Duration">Wall-clock time from request to reply.</param>
/// <param name="Error">One line describing the error, when it failed.</param>
public sealed record CellOutcome(int Index, CellStatus Status, TimeSpan Duration, string? Error = null);
