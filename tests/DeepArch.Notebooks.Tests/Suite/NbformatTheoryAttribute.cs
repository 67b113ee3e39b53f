using System.Diagnostics;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Suite;

/// <summary>A theory that needs Python's nbformat (Debian's python3-nbformat): skipped with the reason where absent.</summary>
public sealed class NbformatTheoryAttribute : TheoryAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        if (JupyterTools.Python is null)
            return false;
        using var probe = Process.Start(new ProcessStartInfo(JupyterTools.Python) { ArgumentList = { "-c", "import nbformat" }, RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    });

    public NbformatTheoryAttribute()
    {
        if (!Available.Value)
            Skip = "Python's nbformat is not installed (apt-get install python3-nbformat)";
    }
}
