using System.CommandLine;
using DeepArch.Notebooks.Kernel;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch kernel start|install|uninstall</c>: the Jupyter kernel for the course's C# notebooks.</summary>
internal static class KernelCommand
{
    public static Command Create() => new("kernel", "The Jupyter kernel for C# notebooks (used by VS Code, JupyterLab, nbconvert).")
    {
        Start(),
        Install(),
        Uninstall(),
    };

    /// <summary><c>bench kernel [--json]</c>: kernel start time and median round trip of a trivial cell (a subcommand of <c>bench</c>).</summary>
    public static Command CreateBench()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"start_s\", \"roundtrip_ms_median\"}." };
        var executions = new Option<int>("--executions") { Description = "Trivial cells to time.", DefaultValueFactory = _ => 50 };
        var sandboxed = new Option<bool>("--sandbox") { Description = "Start the kernel in the grading sandbox (bubblewrap), to measure what it costs." };
        var command = new Command("kernel", "Start this kernel as Jupyter would; time kernel_info_reply and the median round trip of `1+1`.") { json, executions, sandboxed };
        command.SetAction(parse =>
        {
            Notebooks.Sandbox.KernelSandbox? sandbox = null;
            if (parse.GetValue(sandboxed))
            {
                if (Notebooks.Sandbox.KernelSandbox.Unavailable() is { } why)
                    throw new InvalidOperationException($"the sandbox cannot start here ({why})");
                sandbox = Notebooks.Sandbox.KernelSandbox.Default;
            }
            var result = KernelBenchmark.Run(KernelSpec.CurrentCommand(), parse.GetValue(executions), sandbox);
            Console.WriteLine(parse.GetValue(json)
                ? System.Text.Json.JsonSerializer.Serialize(result)
                : $"start (process to kernel_info_reply): {result.StartSeconds:F3} s (goal <= 1 s)\nround trip of 1+1, median of {parse.GetValue(executions)}: {result.RoundTripMillisecondsMedian:F2} ms (goal <= 15 ms)");
            return 0;
        });
        return command;
    }

    private static Command Start()
    {
        var connectionFile = new Option<FileInfo>("--connection-file") { Description = "The connection file Jupyter wrote for this kernel.", Required = true };
        var unixSockets = new Option<DirectoryInfo?>("--unix-sockets")
        {
            Description = "A folder of Unix sockets to relay the channels through (a grading sandbox without network does this).",
        };
        var command = new Command("start", "Start the kernel on the sockets of a Jupyter connection file (front ends do this).") { connectionFile, unixSockets };
        command.SetAction(parse =>
        {
            var connection = ConnectionInfo.Load(parse.GetValue(connectionFile)!.FullName);
            var server = new KernelServer(connection);
            using var relay = parse.GetValue(unixSockets) is { } folder ? ChannelRelay.Dial(folder.FullName, connection) : null;
            var exitCode = server.Run();
            // Code a cell left running (a foreground thread, a runaway loop) must not keep the process alive.
            Environment.Exit(exitCode);
            return exitCode;
        });
        return command;
    }

    private static Command Install()
    {
        var (user, prefix, name, force) = Location();
        var command = new Command("install", "Register the kernel with Jupyter (per user unless --prefix is given).") { user, prefix, name, force };
        command.SetAction(parse =>
        {
            var directory = KernelSpec.Directory(parse.GetValue(name)!, parse.GetValue(prefix)?.FullName);
            KernelSpec.Install(directory, KernelSpec.CurrentCommand(), parse.GetValue(force));
            Console.WriteLine($"Installed kernelspec '{parse.GetValue(name)}' in {directory}");
            return 0;
        });
        return command;
    }

    private static Command Uninstall()
    {
        var (user, prefix, name, force) = Location();
        var command = new Command("uninstall", "Remove the kernelspec that 'deeparch kernel install' wrote.") { user, prefix, name, force };
        command.SetAction(parse =>
        {
            var directory = KernelSpec.Directory(parse.GetValue(name)!, parse.GetValue(prefix)?.FullName);
            Console.WriteLine(KernelSpec.Uninstall(directory, parse.GetValue(force))
                ? $"Removed kernelspec '{parse.GetValue(name)}' from {directory}"
                : $"No kernelspec '{parse.GetValue(name)}' in {directory}");
            return 0;
        });
        return command;
    }

    private static (Option<bool> User, Option<DirectoryInfo> Prefix, Option<string> Name, Option<bool> Force) Location()
    {
        var user = new Option<bool>("--user") { Description = "The user's Jupyter data folder (the default)." };
        var prefix = new Option<DirectoryInfo>("--prefix") { Description = "Use DIR/share/jupyter/kernels/NAME, as 'jupyter kernelspec install --prefix' does." };
        var name = new Option<string>("--name") { Description = "Kernelspec name.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var force = new Option<bool>("--force") { Description = "Also overwrite or remove a kernelspec that deeparch did not write." };
        return (user, prefix, name, force);
    }
}
