using DeepArch.Notebooks.Engine;

namespace DeepArch.Notebooks.Kernel;

/// <summary>Kernel diagnostics, written to the process's real stderr (the console itself is routed to cells).</summary>
internal static class KernelLog
{
    public static void Write(string message) => ConsoleRouter.OriginalError.WriteLine($"[deeparch kernel] {message}");
}
