using DeepArch.Notebooks.Formatting;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// The handle <c>display(...)</c> returns, as in .NET Interactive: <see cref="Update"/> replaces what was displayed,
/// in place (Jupyter's <c>update_display_data</c>), e.g. a training curve redrawn each epoch.
/// </summary>
public sealed class DisplayedValue
{
    private readonly CellContext _origin;
    private readonly string[] _mimeTypes;

    internal DisplayedValue(CellContext origin, string displayId, string[] mimeTypes)
    {
        _origin = origin;
        DisplayId = displayId;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The Jupyter display id shared by the original output and its updates.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted with the same mime types.</summary>
    public void Update(object? value)
    {
        var cell = ConsoleRouter.Current ?? _origin;
        cell.CancellationToken.ThrowIfCancellationRequested();
        cell.Emit(new DisplayOutput(DisplayFormatter.Format(value, _mimeTypes), DisplayId, IsUpdate: true));
    }
}
