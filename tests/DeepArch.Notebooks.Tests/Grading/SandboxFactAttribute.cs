using DeepArch.Notebooks.Sandbox;

namespace DeepArch.Notebooks.Tests.Grading;

/// <summary>A fact that needs the grading sandbox (bubblewrap on Linux with namespaces allowed): skipped with the reason where it cannot start.</summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute()
    {
        if (KernelSandbox.Unavailable() is { } why)
            Skip = $"the grading sandbox cannot start here: {why}";
    }
}
