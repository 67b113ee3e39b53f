using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Compile errors and exceptions as a student can act on them: each located in the cell and line they came from
/// (<c>cell7.csx(2,11)</c>), with the engine's own frames left out.
/// </summary>
internal static class ErrorReport
{
    private const int MaxFrames = 20;

    public static ErrorOutput FromDiagnostics(ImmutableArray<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0)
            errors = [.. diagnostics];
        var lines = errors.Select(d => d.ToString()).ToList();
        return new ErrorOutput("CompilationError", lines.FirstOrDefault() ?? "compilation failed", lines);
    }

    public static ErrorOutput FromDirective(DirectiveException e) => new("DirectiveError", e.Message, [e.Message]);

    /// <summary>The compiler itself threw (a Roslyn bug) instead of reporting diagnostics.</summary>
    public static ErrorOutput CompilerCrash(int cell, Exception e)
    {
        var message = $"cell{cell}.csx: the C# compiler failed on this cell ({e.GetType().Name}: {ShortMessage(e.Message)}). " +
                      "This is a compiler bug, not an error in your code; writing the statement differently avoids it " +
                      "(e.g. a deconstruction of a switch expression in two steps).";
        return new("CompilerCrash", message, [$"CompilerCrash: {message}"]);
    }

    public static ErrorOutput Interrupted() =>
        new("OperationCanceledException", "The cell was interrupted.", ["OperationCanceledException: The cell was interrupted."]);

    /// <summary>An exception thrown by a cell; <paramref name="cells"/> finds the cell lines of its frames.</summary>
    public static ErrorOutput FromException(Exception exception, CellLines cells)
    {
        var e = Unwrap(exception);
        var name = e.GetType().FullName ?? e.GetType().Name;
        var message = ShortMessage(e.Message);
        var frames = new StackTrace(e, true).GetFrames().Select(f => (Frame: f, Cell: Locate(f, cells))).ToList();
        var first = frames.FirstOrDefault(f => f.Cell is not null).Cell;
        var lines = new List<string>
        {
            first is { } at ? $"{at.File}({at.Line},{Math.Max(1, at.Column)}): {name}: {message}" : $"{name}: {message}",
        };
        foreach (var (frame, cell) in frames.Where(f => IsShown(f.Frame)).Take(MaxFrames))
        {
            lines.Add(cell is { } where
                ? $"   at {Describe(frame.GetMethod())} in {where.File}:line {where.Line}"
                : $"   at {Describe(frame.GetMethod())}");
        }
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            lines.Add($" ---> {inner.GetType().FullName}: {ShortMessage(inner.Message)}");
        return new ErrorOutput(name, message, lines);
    }

    /// <summary>A frame's cell line: from the frame's own debug information when it has some, else from <paramref name="cells"/>.</summary>
    private static CellLocation? Locate(StackFrame frame, CellLines cells) =>
        frame.GetFileName() is { } file && IsCellFile(file)
            ? new CellLocation(Path.GetFileName(file), frame.GetFileLineNumber(), frame.GetFileColumnNumber())
            : cells.Locate(frame);

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner } || e is AggregateException { InnerExceptions.Count: 1 })
            e = e.InnerException!;
        return e;
    }

    /// <summary>libtorch appends a C++ backtrace to its messages; the first part is what the student needs.</summary>
    private static string ShortMessage(string message)
    {
        var cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static bool IsCellFile(string? file) => file is not null && file.EndsWith(".csx", StringComparison.Ordinal);

    private static bool IsShown(StackFrame frame)
    {
        var type = frame.GetMethod()?.DeclaringType;
        var ns = type?.Namespace ?? "";
        return type is not null
            && !ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
            && !ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal)
            && !ns.StartsWith("System.Runtime.ExceptionServices", StringComparison.Ordinal)
            && !ns.StartsWith("System.Threading.Tasks", StringComparison.Ordinal)
            && !ns.StartsWith(typeof(ErrorReport).Namespace!, StringComparison.Ordinal);
    }

    /// <summary>Names a method the way the student wrote it, hiding the compiler's submission and state-machine types.</summary>
    private static string Describe(MethodBase? method)
    {
        if (method is null)
            return "?";
        var type = method.DeclaringType;
        var typeName = type?.FullName ?? "";
        if (typeName.StartsWith("Submission#", StringComparison.Ordinal))
        {
            if (typeName.Contains("<<Initialize>>", StringComparison.Ordinal) || method.Name == "<Initialize>")
                return "<cell>";
            var plus = typeName.IndexOf('+');
            typeName = plus >= 0 ? typeName[(plus + 1)..] : "";
        }
        var methodName = method.Name;
        if (typeName.Contains('<') && methodName == "MoveNext")
        {
            // An async/iterator state machine: show the method it implements.
            var start = typeName.LastIndexOf('<') + 1;
            var end = typeName.IndexOf('>', start);
            methodName = end > start ? typeName[start..end] : methodName;
            var plus = typeName.LastIndexOf('+');
            typeName = plus >= 0 ? typeName[..plus] : "";
        }
        return typeName.Length == 0 ? methodName : $"{typeName.Replace('+', '.')}.{methodName}";
    }
}
