using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// Starts a kernel process the way Jupyter front ends do: free ports and a fresh key in a connection file, then the
/// kernelspec's command with <c>kernel start --connection-file FILE</c>. The process and file are its own: dispose it
/// to end both.
/// </summary>
public sealed class KernelLauncher : IDisposable
{
    private const int TailLines = 40;
    private readonly Queue<string> _stderrTail = new();

    private readonly ChannelRelay? _relay;
    private readonly string? _channelFolder;

    private KernelLauncher(Process process, ConnectionInfo connection, string connectionFile, ChannelRelay? relay = null, string? channelFolder = null)
    {
        Process = process;
        Connection = connection;
        ConnectionFile = connectionFile;
        _relay = relay;
        _channelFolder = channelFolder;
    }

    /// <summary>The kernel process.</summary>
    public Process Process { get; }

    /// <summary>Where the kernel listens and its key.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>The connection file written for it.</summary>
    public string ConnectionFile { get; }

    /// <summary>
    /// Starts <paramref name="command"/> (e.g. <c>dotnet DeepArch.Cli.dll</c>) as a kernel in
    /// <paramref name="workingDirectory"/>; <paramref name="environment"/> entries are added to its environment.
    /// </summary>
    public static KernelLauncher Start(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ports = FreePorts(5);
        var connection = new ConnectionInfo
        {
            ShellPort = ports[0],
            IopubPort = ports[1],
            StdinPort = ports[2],
            ControlPort = ports[3],
            HeartbeatPort = ports[4],
            Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
        var file = Path.Combine(Path.GetTempPath(), $"deeparch-kernel-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, connection.ToJson());
        var start = StartInfo([.. command, "kernel", "start", "--connection-file", file], workingDirectory);
        start.Environment["JPY_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Launch(start, process => new KernelLauncher(process, connection, file));
    }

    /// <summary>
    /// Starts <paramref name="command"/> as a kernel inside <paramref name="sandbox"/>, whose working folder (an empty
    /// in-memory one) has the path <paramref name="workingDirectory"/>; <paramref name="readOnlyFolders"/> are shown to it
    /// read-only. Its channels listen on the sandbox's own loopback and reach <see cref="Connection"/> through a
    /// <see cref="ChannelRelay"/>.
    /// </summary>
    public static KernelLauncher StartInSandbox(IReadOnlyList<string> command, string workingDirectory, Sandbox.KernelSandbox sandbox, IEnumerable<string> readOnlyFolders)
    {
        var folder = Directory.CreateTempSubdirectory("deeparch-channels-").FullName;
        ChannelRelay? relay = null;
        try
        {
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            (relay, var connection) = ChannelRelay.Host(folder, key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead |
                UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            // The sandbox has a network of its own: any ports are free there.
            var inside = connection with { ShellPort = 50001, IopubPort = 50002, StdinPort = 50003, ControlPort = 50004, HeartbeatPort = 50005 };
            File.WriteAllText(Path.Combine(folder, "connection.json"), inside.ToJson());
            var channels = Sandbox.KernelSandbox.ChannelFolder;
            var (wrapped, _) = sandbox.Wrap([.. command, "kernel", "start", "--connection-file", channels + "/connection.json", "--unix-sockets", channels],
                workingDirectory, folder, readOnlyFolders);
            var ownRelay = relay;
            return Launch(StartInfo(wrapped, "/"), process => new KernelLauncher(process, connection, Path.Combine(folder, "connection.json"), ownRelay, folder));
        }
        catch
        {
            relay?.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> command, string workingDirectory)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        // Kernels started here serve deeparch itself, never a page that would run plotly.js (see KernelServer).
        start.Environment[KernelServer.PlotlyJsVariable] = "0";
        return start;
    }

    private static KernelLauncher Launch(ProcessStartInfo start, Func<Process, KernelLauncher> launcher)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        return launcher(process).DrainPipes();
    }

    private KernelLauncher DrainPipes()
    {
        // Drain the pipes so a chatty kernel never blocks on a full one; keep the end of stderr, which says why a
        // kernel died (an abort's message, "Stack overflow.", the kernel's own last words).
        Process.ErrorDataReceived += (_, e) => Remember(e.Data);
        Process.OutputDataReceived += (_, _) => { };
        Process.BeginErrorReadLine();
        Process.BeginOutputReadLine();
        return this;
    }

    /// <summary>The last lines the kernel wrote to its standard error (its log), oldest first.</summary>
    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (_stderrTail)
                return _stderrTail.ToArray();
        }
    }

    private void Remember(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line);
            if (_stderrTail.Count > TailLines)
                _stderrTail.Dequeue();
        }
    }

    private static int[] FreePorts(int count)
    {
        // Ports handed out recently (the last thousand) are not handed out again by this process: kernels started in
        // parallel would otherwise race for a port the system just released. jupyter_client does the same.
        var ports = new List<int>();
        var listeners = new List<TcpListener>();
        try
        {
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                lock (HandedOut)
                {
                    if (!HandedOut.Add(port))
                        continue;
                    ports.Add(port);
                    Recent.Enqueue(port);
                    if (Recent.Count > 1000)
                        HandedOut.Remove(Recent.Dequeue());
                }
            }
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
        return [.. ports];
    }

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Queue<int> Recent = new();

    /// <summary>Kills the kernel if it still runs and deletes the connection file.</summary>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
        _relay?.Dispose();
        if (_channelFolder is not null)
            Directory.Delete(_channelFolder, recursive: true);
        else
            File.Delete(ConnectionFile);
    }
}
