using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepArch.Notebooks.Sandbox;

/// <summary>
/// Where a graded kernel runs on Linux: a bubblewrap (<c>bwrap</c>) sandbox of its own. It sees the system's
/// <c>/usr</c>, the .NET runtime, the folders of the kernel's program and of the assemblies the notebook references
/// (all read-only), a fresh <c>/proc</c> of its own processes, a minimal <c>/dev</c>, and two empty size-capped
/// in-memory folders: <c>/tmp</c> and its working folder. It has no network (a loopback of its own, which the kernel's
/// channels reach through <see cref="Kernel.ChannelRelay"/>), no inherited environment, no view of other processes, a
/// cap on its processes and threads, and it dies with the grader. When the grader runs as root the sandboxed program
/// runs as an unprivileged user of its own (the process cap would not hold for root).
/// </summary>
public sealed class KernelSandbox
{
    /// <summary>Where the relay's socket folder appears in the sandbox.</summary>
    public const string ChannelFolder = "/deeparch-kernel";

    /// <summary>Processes and threads the sandboxed kernel may have at once (a .NET kernel alone runs about 30–60 threads).</summary>
    public int MaxProcesses { get; init; } = 512;

    /// <summary>Size of the in-memory working folder (and, separately, of <c>/tmp</c>).</summary>
    public long DiskBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The default sandbox.</summary>
    public static KernelSandbox Default { get; } = new();

    private static readonly string[] EtcFiles = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime", "/etc/fonts"];

    /// <summary>Variables passed on from the grader when set: the kernel's own settings, nothing else.</summary>
    private static readonly string[] PassedVariables = ["DEEPARCH_TORCH_THREADS", "DEEPARCH_KERNEL_INTERRUPT_GRACE_S"];

    private static int _users;

    /// <summary>
    /// The command line that runs <paramref name="command"/> in the sandbox, and the user it runs as when that is not the
    /// grader's own (the grader runs as root): <paramref name="channelFolder"/> and its files are then given to that user.
    /// </summary>
    /// <param name="command">The program and its arguments, as run outside (paths stay valid inside).</param>
    /// <param name="workingDirectory">The working folder's path inside (an empty in-memory folder is mounted there).</param>
    /// <param name="channelFolder">The host folder of the relay's sockets, seen read-only at <see cref="ChannelFolder"/>.</param>
    /// <param name="readOnlyFolders">More host folders to show read-only at the same path (the notebook's assemblies).</param>
    public (IReadOnlyList<string> Command, uint? User) Wrap(IReadOnlyList<string> command, string workingDirectory, string? channelFolder, IEnumerable<string> readOnlyFolders)
    {
        var args = new List<string> { "bwrap", "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try" };
        var root = IsRoot();
        if (!root)
            args.Add("--unshare-user");
        args.Add("--clearenv");
        foreach (var (name, value) in Environment(workingDirectory))
            args.AddRange(["--setenv", name, value]);
        args.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target)
                args.AddRange(["--symlink", target, top]);
            else if (info.Exists)
                args.AddRange(["--ro-bind", top, top]);
        }
        foreach (var file in EtcFiles)
            args.AddRange(["--ro-bind-try", file, file]);
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        var size = DiskBytes.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["--perms", "1777", "--size", size, "--tmpfs", "/tmp"]);
        // bwrap makes missing parents of a mount point readable by root only: make them 0755 first.
        var made = new HashSet<string>(StringComparer.Ordinal) { "/", "/usr", "/tmp", "/proc", "/dev" };
        void Parents(string path)
        {
            var parent = Path.GetDirectoryName(path);
            if (parent is null || made.Contains(parent))
                return;
            Parents(parent);
            made.Add(parent);
            args.AddRange(["--perms", "0755", "--dir", parent]);
        }
        foreach (var folder in Minimal(RuntimeFolders(command).Concat(readOnlyFolders)))
        {
            Parents(folder);
            args.AddRange(["--ro-bind", folder, folder]);
            made.Add(folder);
        }
        if (channelFolder is not null)
            args.AddRange(["--ro-bind", channelFolder, ChannelFolder]);
        Parents(workingDirectory);
        args.AddRange(["--perms", "1777", "--size", size, "--tmpfs", workingDirectory, "--chdir", workingDirectory]);
        uint? user = null;
        if (root)
        {
            // Drop to a user of the sandbox's own: RLIMIT_NPROC does not bind root, and nothing else should run as it. One
            // per launch, so that kernels graded in parallel do not share a process cap, and one per grading process too
            // (its id picks the range), so that two graders running at once do not hand out the same users.
            var launch = System.Environment.ProcessId * 1_009L + Interlocked.Increment(ref _users);
            user = 3_000_000 + (uint)(launch % 1_000_000);
            var id = user.Value.ToString(CultureInfo.InvariantCulture);
            if (channelFolder is not null)
                GiveTo(channelFolder, user.Value);
            args.AddRange(["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP", "--",
                "/usr/bin/setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]);
        }
        else
        {
            args.Add("--");
        }
        var processes = MaxProcesses.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["/usr/bin/prlimit", $"--nproc={processes}:{processes}", "--core=0:0", "--"]);
        args.AddRange(command);
        return (args, user);
    }

    private static void GiveTo(string folder, uint user)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder).Prepend(folder))
        {
            if (chown(path, user, user) != 0)
                throw new IOException($"cannot give {path} to the sandbox's user {user} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    /// <summary>
    /// Null when a sandbox starts here (tried once per process with a trivial command), otherwise why not, in one line.
    /// </summary>
    public static string? Unavailable() => Probed.Value;

    private static readonly Lazy<string?> Probed = new(() => Default.Probe());

    private string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "the grading sandbox needs Linux (bubblewrap); this is " + RuntimeInformation.OSDescription;
        if (!File.Exists("/usr/bin/prlimit"))
            return "prlimit (util-linux) is missing from /usr/bin";
        var folder = Directory.CreateTempSubdirectory("deeparch-sandbox-probe-");
        try
        {
            var command = Wrap(["/usr/bin/true"], folder.FullName, null, []).Command;
            var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in command.Skip(1))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap did not finish a trivial command within 30 s";
            }
            return process.ExitCode == 0 ? null : $"bubblewrap failed: {error.Result.ReplaceLineEndings(" ").Trim()} (exit code {process.ExitCode})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap";
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    private static IEnumerable<(string Name, string Value)> Environment(string workingDirectory)
    {
        yield return ("PATH", "/usr/local/bin:/usr/bin:/bin");
        yield return ("HOME", workingDirectory);
        yield return ("TMPDIR", "/tmp");
        yield return ("LANG", "C.UTF-8");
        yield return ("DOTNET_ROOT", DotnetRoot());
        yield return ("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        yield return ("DOTNET_NOLOGO", "1");
        // No diagnostics IPC socket (it would go to /tmp) and no debugger or profiler attach.
        yield return ("DOTNET_EnableDiagnostics", "0");
        // A graded kernel's outputs go to feedback notebooks, never to a page that would run plotly.js.
        yield return (Kernel.KernelServer.PlotlyJsVariable, "0");
        foreach (var name in PassedVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
                yield return (name, value);
        }
    }

    /// <summary>The .NET installation running this process (…/shared/Microsoft.NETCore.App/VERSION/ is three levels below it).</summary>
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    /// <summary>The .NET installation and the folders of the files in the command (the dotnet host, the kernel's assembly).</summary>
    private static IEnumerable<string> RuntimeFolders(IReadOnlyList<string> command)
    {
        yield return DotnetRoot();
        foreach (var part in command)
        {
            if (Path.IsPathRooted(part) && File.Exists(part))
                yield return Path.GetDirectoryName(Path.GetFullPath(new FileInfo(part).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? part))!;
        }
    }

    /// <summary>Existing folders outside <c>/usr</c>, each once, none inside another.</summary>
    private static List<string> Minimal(IEnumerable<string> folders)
    {
        var kept = new List<string>();
        foreach (var folder in folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Where(Directory.Exists).Distinct().OrderBy(f => f.Length))
        {
            if (!kept.Append("/usr").Any(k => folder == k || folder.StartsWith(k + "/", StringComparison.Ordinal)))
                kept.Add(folder);
        }
        return kept;
    }
}
