namespace DeepArch.Notebooks.Running;

/// <summary>How <see cref="NotebookRunner"/> runs notebooks.</summary>
public sealed record RunnerOptions
{
    /// <summary>The command that starts a kernel (it is given <c>kernel start --connection-file FILE</c>).</summary>
    public required IReadOnlyList<string> KernelCommand { get; init; }

    /// <summary>Values injected after each notebook's <c>parameters</c> cell (papermill convention).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a single cell may run before it is interrupted and reported as timed out.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a whole notebook may run.</summary>
    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Longest a kernel may take to answer its first <c>kernel_info_request</c>.</summary>
    public TimeSpan KernelStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Resident memory the kernel may use before it is stopped and the cell reported (libtorch's native memory counts,
    /// which no .NET heap limit would see). Defaults to three quarters of the machine's memory.
    /// </summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimit();

    /// <summary>Text and data a single cell may output before the rest is dropped (a flood must not exhaust the runner).</summary>
    public int MaxOutputBytesPerCell { get; init; } = 4 * 1024 * 1024;

    /// <summary>The sandbox each kernel runs in; null runs kernels as this process's user, with its rights.</summary>
    public Sandbox.KernelSandbox? Sandbox { get; init; }

    private static long DefaultMemoryLimit() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;
}
