using System.Text;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Collects a cell's console text and sends it as <see cref="StreamOutput"/> in batches. Complete lines go out at once
/// when nothing was sent in the last <see cref="FlushDelay"/>, from the writing thread itself (a progress line shows
/// even when the thread pool is busy); otherwise they wait for the batch, sent by a timer at most
/// <see cref="FlushDelay"/> later or as soon as it reaches <see cref="MaxBatchChars"/>. So output appears while the
/// cell runs, and a cell printing a million short lines sends a few hundred messages, not a million (one message per
/// line made 10 MB of printing take a minute).
/// </summary>
internal sealed class StreamBuffer : IDisposable
{
    /// <summary>Longest text waits before it is sent.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Size at which a batch is sent without waiting (cut at its last line end when it has one).</summary>
    public const int MaxBatchChars = 64 * 1024;

    private readonly string _name;
    private readonly Action<CellOutput> _emit;
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private bool _timerArmed;
    private long _lastEmit = long.MinValue / 2;

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
        lock (_gate)
        {
            _pending.Append(text);
            // Emitting inside the lock keeps chunks in order when several threads write at once.
            while (_pending.Length >= MaxBatchChars)
            {
                var cut = LastLineEnd(_pending, MaxBatchChars) is var end and >= 0 ? end + 1 : MaxBatchChars;
                Emit(_pending.ToString(0, cut));
                _pending.Remove(0, cut);
            }
            if (Environment.TickCount64 - _lastEmit >= FlushDelay.TotalMilliseconds && LastLineEnd(_pending, _pending.Length) is var lineEnd and >= 0)
            {
                Emit(_pending.ToString(0, lineEnd + 1));
                _pending.Remove(0, lineEnd + 1);
            }
            if (_pending.Length > 0 && !_timerArmed)
            {
                _timerArmed = true;
                _timer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
            }
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
            Emit(text);
        }
    }

    private void Emit(string text)
    {
        _lastEmit = Environment.TickCount64;
        _emit(new StreamOutput(_name, text));
    }

    /// <summary>The last line end among the first <paramref name="limit"/> characters, or -1.</summary>
    private static int LastLineEnd(StringBuilder text, int limit)
    {
        for (var i = Math.Min(limit, text.Length) - 1; i >= 0; i--)
        {
            if (text[i] is '\n' or '\r')
                return i;
        }
        return -1;
    }

    public void Dispose() => _timer.Dispose();
}
