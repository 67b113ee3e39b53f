using System.Diagnostics;
using DeepArch.Notebooks.Kernel;

namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>The kernel never outlives its purpose: a runaway cell or a vanished front end makes it exit.</summary>
public sealed class KernelLifetimeTests
{
    [Fact]
    public void Runaway_cell_that_ignores_interrupt_makes_the_kernel_say_so_and_exit()
    {
        using var kernel = TestKernel.Start(new Dictionary<string, string> { ["DEEPARCH_KERNEL_INTERRUPT_GRACE_S"] = "1" });
        var request = kernel.Client.StartExecute("Console.WriteLine(\"spinning\");\nwhile (true) { }");
        Assert.NotNull(kernel.Client.WaitForIopub(request, m => m.MessageType == "stream", TestKernel.Timeout));
        kernel.Client.Control("interrupt_request", [], TestKernel.Timeout);
        var notice = kernel.Client.WaitForIopub(request,
            m => m.MessageType == "stream" && ((string?)m.Content["text"])!.Contains("did not stop", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.NotNull(notice);
        Assert.True(kernel.WaitForExit(TimeSpan.FromSeconds(10)), "the kernel did not exit");
        Assert.Equal(KernelServer.RunawayExitCode, kernel.Launcher.Process.ExitCode);
    }

    [Fact]
    public void Kernel_exits_when_its_parent_process_is_gone()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "2") { UseShellExecute = false })!;
        using var kernel = TestKernel.Start(new Dictionary<string, string> { ["JPY_PARENT_PID"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.False(kernel.Launcher.Process.HasExited);
        parent.WaitForExit();
        Assert.True(kernel.WaitForExit(TimeSpan.FromSeconds(15)), "the orphaned kernel is still running");
    }
}
