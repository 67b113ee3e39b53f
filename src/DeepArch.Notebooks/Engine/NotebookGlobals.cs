using DeepArch.Notebooks.Formatting;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Members every notebook cell can use unqualified, named as in .NET Interactive so that the same notebook runs
/// under Polyglot Notebooks and under this engine.
/// </summary>
public sealed class NotebookGlobals
{
    internal NotebookGlobals()
    {
    }

    /// <summary>
    /// Shows a value below the cell, formatted for the given mime types (all the value's forms when none are given),
    /// and returns a handle whose <see cref="DisplayedValue.Update"/> replaces it in place.
    /// </summary>
#pragma warning disable IDE1006 // lower-case as in .NET Interactive, so notebooks stay portable
    public DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var cell = ConsoleRouter.Current ?? throw new InvalidOperationException("display() can only be called while a cell runs.");
        cell.CancellationToken.ThrowIfCancellationRequested();
        var handle = new DisplayedValue(cell, Guid.NewGuid().ToString("N"), mimeTypes);
        cell.Emit(new DisplayOutput(DisplayFormatter.Format(value, mimeTypes), handle.DisplayId, IsUpdate: false));
        return handle;
    }

    /// <summary>
    /// Cancelled when the user interrupts the running cell: pass it to long-running or awaited work
    /// (<c>await Task.Delay(1000, CancellationToken)</c>, the library's training loops) so it stops promptly.
    /// </summary>
    public CancellationToken CancellationToken => ConsoleRouter.Current?.CancellationToken ?? CancellationToken.None;
}
