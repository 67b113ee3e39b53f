using DeepArch.Notebooks.Kernel;

namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>A real kernel process (the `deeparch` command built next to the tests) and a client connected to it.</summary>
internal sealed class TestKernel : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TestKernel(KernelLauncher launcher)
    {
        Launcher = launcher;
        Client = new KernelClient(launcher.Connection);
    }

    public KernelLauncher Launcher { get; }

    public KernelClient Client { get; }

    /// <summary>How to run the `deeparch` command built with the tests.</summary>
    public static IReadOnlyList<string> Command { get; } =
    [
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet",
        Path.Combine(AppContext.BaseDirectory, "DeepArch.Cli.dll"),
    ];

    public static TestKernel Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        var kernel = new TestKernel(KernelLauncher.Start(Command, AppContext.BaseDirectory, environment));
        kernel.Client.WaitForReady(Timeout);
        return kernel;
    }

    public bool WaitForExit(TimeSpan timeout) => Launcher.Process.WaitForExit(timeout);

    public void Dispose()
    {
        Client.Dispose();
        Launcher.Dispose();
    }
}
