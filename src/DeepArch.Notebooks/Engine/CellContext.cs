namespace DeepArch.Notebooks.Engine;

/// <summary>
/// What one running cell writes to: its output sink, its cancellation, and its stdout/stderr buffers. Made current
/// through <see cref="ConsoleRouter.Current"/>, an async-local, so code the cell starts (tasks, threads) writes to it too.
/// </summary>
internal sealed class CellContext : IDisposable
{
    private readonly Action<CellOutput> _sink;
    private readonly CancellationTokenSource _cancellation = new();

    public CellContext(Action<CellOutput> sink, Func<string, bool, string?>? input)
    {
        _sink = sink;
        Input = input;
        Stdout = new StreamBuffer("stdout", Emit);
        Stderr = new StreamBuffer("stderr", Emit);
    }

    public StreamBuffer Stdout { get; }

    public StreamBuffer Stderr { get; }

    /// <summary>Reads a line from the front end (prompt, is-password); null when the front end allows no input.</summary>
    public Func<string, bool, string?>? Input { get; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    /// <summary>Sends an output, after whatever text is still buffered so that the order the cell produced is kept.</summary>
    public void Emit(CellOutput output)
    {
        if (output is not StreamOutput)
            Flush();
        _sink(output);
    }

    public void Flush()
    {
        Stdout.Flush();
        Stderr.Flush();
    }

    public void Dispose()
    {
        Flush();
        Stdout.Dispose();
        Stderr.Dispose();
        _cancellation.Dispose();
    }
}
