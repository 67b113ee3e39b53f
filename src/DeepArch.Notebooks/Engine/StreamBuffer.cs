using System.Text;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Collects a cell's console text and sends it as <see cref="StreamOutput"/> at each line end, and after a short delay
/// for a partial line (progress indicators), so output appears while the cell runs without one message per character.
/// </summary>
internal sealed class StreamBuffer : IDisposable
{
    private static readonly TimeSpan PartialLineDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _name;
    private readonly Action<CellOutput> _emit;
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private bool _timerArmed;

    public StreamBuffer(string name, Action<CellOutput> emit)
    {
        _name = name;
        _emit = emit;
        _timer = new Timer(_ => Flush());
    }

    public void Write(string text)
    {
        if (text.Length == 0)
            return;
        string? complete = null;
        lock (_gate)
        {
            _pending.Append(text);
            var lastNewline = LastLineEnd(_pending);
            if (lastNewline >= 0)
            {
                complete = _pending.ToString(0, lastNewline + 1);
                _pending.Remove(0, lastNewline + 1);
            }
            if (_pending.Length > 0 && !_timerArmed)
            {
                _timerArmed = true;
                _timer.Change(PartialLineDelay, Timeout.InfiniteTimeSpan);
            }
            // Emitting inside the lock keeps chunks in order when several threads write at once.
            if (complete is not null)
                _emit(new StreamOutput(_name, complete));
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _timerArmed = false;
            if (_pending.Length == 0)
                return;
            var text = _pending.ToString();
            _pending.Clear();
            _emit(new StreamOutput(_name, text));
        }
    }

    private static int LastLineEnd(StringBuilder text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] is '\n' or '\r')
                return i;
        }
        return -1;
    }

    public void Dispose() => _timer.Dispose();
}
