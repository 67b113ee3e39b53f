using System.Globalization;

namespace DeepArch.Data;

/// <summary>
/// Shows download progress as text. On a terminal one line is redrawn in place
/// (<c>mnist/train-images-idx3-ubyte.gz [########------------]  40%   4.0/9.9 MB</c>); elsewhere (a notebook, a log)
/// a line is written at every quarter so the output stays short.
/// </summary>
public sealed class TextProgressBar(TextWriter writer, bool interactive) : IProgress<DownloadProgress>
{
    private const int Width = 20;
    private readonly Lock _gate = new();
    private string? _file;
    private int _lastStep = -1;
    private long _lastDrawTicks;

    /// <summary>A bar on standard error, redrawn in place when standard error is a terminal.</summary>
    public static TextProgressBar ForConsole() => new(Console.Error, interactive: !Console.IsErrorRedirected);

    /// <inheritdoc />
    public void Report(DownloadProgress value)
    {
        lock (_gate)
        {
            if (value.FileName != _file)
            {
                _file = value.FileName;
                _lastStep = -1;
                _lastDrawTicks = 0;
            }
            var done = value.BytesReceived >= value.TotalBytes;
            if (interactive)
            {
                // Redraw at most ten times a second, and always at the end.
                var now = Environment.TickCount64;
                if (!done && now - _lastDrawTicks < 100)
                    return;
                _lastDrawTicks = now;
                writer.Write($"\r{Format(value)}");
                if (done)
                    writer.WriteLine();
            }
            else
            {
                var step = (int)(value.Fraction * 4);
                if (step == _lastStep)
                    return;
                _lastStep = step;
                writer.WriteLine(Format(value));
            }
            writer.Flush();
        }
    }

    internal static string Format(DownloadProgress value)
    {
        var filled = (int)(value.Fraction * Width);
        return string.Create(CultureInfo.InvariantCulture, $"{value.FileName} [{new string('#', filled)}{new string('-', Width - filled)}] {value.Fraction * 100,3:0}% " +
               $"{value.BytesReceived / 1e6,5:0.0}/{value.TotalBytes / 1e6:0.0} MB");
    }
}
