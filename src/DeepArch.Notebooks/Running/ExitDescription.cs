namespace DeepArch.Notebooks.Running;

/// <summary>Says in words how a kernel process ended.</summary>
internal static class ExitDescription
{
    private static readonly Dictionary<int, string> Signals = new()
    {
        [2] = "SIGINT", [4] = "SIGILL", [6] = "SIGABRT: a native abort, Environment.FailFast or an unhandled native exception",
        [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL: killed, possibly by the system for lack of memory",
        [11] = "SIGSEGV: invalid memory access or stack overflow", [15] = "SIGTERM",
    };

    /// <summary>
    /// .NET reports a child killed by signal N as exit code 128 + N on Unix, like the shell does; plain exit codes (e.g.
    /// from <c>Environment.Exit(3)</c>) stay as they are.
    /// </summary>
    public static string Of(int exitCode) =>
        exitCode > 128 && exitCode < 160 && !OperatingSystem.IsWindows()
            ? $"signal {exitCode - 128} ({(Signals.TryGetValue(exitCode - 128, out var name) ? name : "signal")}), exit code {exitCode}"
            : $"exit code {exitCode}";

    private static readonly string[] Markers = ["Process terminated.", "terminate called", "Stack overflow", "Unhandled exception", "Out of memory", "did not stop; exiting"];

    /// <summary>
    /// The line of the kernel's stderr that explains its death (the runtime's or libtorch's message), as
    /// <c>": &lt;line&gt;"</c>, or nothing when no line says so.
    /// </summary>
    public static string LastWords(IReadOnlyList<string> stderrTail)
    {
        var index = -1;
        for (var i = 0; i < stderrTail.Count; i++)
        {
            if (Markers.Any(m => stderrTail[i].Contains(m, StringComparison.Ordinal)))
                index = i;
        }
        if (index < 0)
            return "";
        var line = stderrTail[index].Trim();
        // Environment.FailFast writes "Process terminated." and its message on the next line.
        if (line == "Process terminated." && index + 1 < stderrTail.Count)
            line += " " + stderrTail[index + 1].Trim();
        return $": {line}";
    }
}
