using System.Text;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Replaces the process-wide console once, routing each write to the cell that made it (an async-local context), so
/// several sessions in one process (tests) keep their outputs apart and code outside any cell still reaches the real
/// console. The original streams stay available for logs.
/// </summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<CellContext?> CurrentContext = new();
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>The process's standard error as it was before routing: where kernel logs go.</summary>
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    /// <summary>The cell whose code is running on this logical flow, if any.</summary>
    public static CellContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
                return;
            var (stdout, stderr, stdin) = (Console.Out, Console.Error, Console.In);
            OriginalError = stderr;
            Console.SetOut(new RoutingWriter(stdout, c => c.Stdout));
            Console.SetError(new RoutingWriter(stderr, c => c.Stderr));
            Console.SetIn(new RoutingReader(stdin));
            _installed = true;
        }
    }

    private sealed class RoutingWriter(TextWriter original, Func<CellContext, StreamBuffer> select) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (Current is not { } cell)
            {
                original.Write(value);
                return;
            }
            // Printing is where most long-running cells pass by: a cooperative interruption point.
            cell.CancellationToken.ThrowIfCancellationRequested();
            select(cell).Write(value ?? "");
        }

        public override void WriteLine(string? value) => Write(value + new string(CoreNewLine));

        public override void Flush()
        {
            if (Current is { } cell)
                select(cell).Flush();
            else
                original.Flush();
        }
    }

    private sealed class RoutingReader(TextReader original) : TextReader
    {
        public override string? ReadLine()
        {
            if (Current is not { } cell)
                return original.ReadLine();
            if (cell.Input is null)
                throw new InvalidOperationException("This front end does not accept input: Console.ReadLine is not available here.");
            cell.Flush();
            return cell.Input("", false);
        }

        public override int Read() => throw new NotSupportedException("Read a whole line with Console.ReadLine in a notebook.");
    }
}
