using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Kernel;
using DeepArch.Runtime;

namespace DeepArch.Notebooks.Running;

/// <summary>
/// One kernel process for one notebook, driven the way nbclient drives one. Whatever the cell does to that process
/// (abort, exit, stack overflow, endless loop, runaway memory), this side only observes it and reports it.
/// </summary>
internal sealed class KernelSession : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);
    private readonly KernelLauncher _launcher;
    private readonly KernelClient _client;
    private readonly long _memoryLimit;
    private readonly Stopwatch _memoryClock = Stopwatch.StartNew();
    private static readonly TimeSpan MemoryPoll = TimeSpan.FromMilliseconds(150);

    private readonly int? _processCap;
    private long _lastResident;

    private KernelSession(KernelLauncher launcher, KernelClient client, long memoryLimit, int? processCap)
    {
        _launcher = launcher;
        _client = client;
        _memoryLimit = memoryLimit;
        _processCap = processCap;
    }

    /// <summary>Tasks short of the sandbox's cap at which the kernel counts as exhausted (the runtime needs a few more to go on).</summary>
    private const int ProcessCapMargin = 16;

    /// <summary>Tries to start a kernel this many times when it exits during start-up.</summary>
    private const int StartAttempts = 3;

    /// <summary>
    /// Starts a kernel in <paramref name="workingDirectory"/> and waits until it answers. A kernel that exits during
    /// start-up is started again with new ports (twice at most): its ports are chosen free before it starts, and another
    /// process (a parallel kernel, an outgoing connection) can take one in between, which makes the kernel fail to bind.
    /// </summary>
    /// <exception cref="KernelStartException">It exited every time, or stayed silent.</exception>
    /// <param name="options">The kernel command, its limits, and its sandbox if any.</param>
    /// <param name="workingDirectory">The kernel's working folder (in a sandbox: an empty in-memory folder at that path).</param>
    /// <param name="readOnlyFolders">Folders a sandboxed kernel may read (those of the assemblies the notebook references).</param>
    public static KernelSession Start(RunnerOptions options, string workingDirectory, IReadOnlyList<string>? readOnlyFolders = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var launcher = options.Sandbox is { } sandbox
                ? KernelLauncher.StartInSandbox(options.KernelCommand, workingDirectory, sandbox, readOnlyFolders ?? [])
                : KernelLauncher.Start(options.KernelCommand, workingDirectory);
            var client = new KernelClient(launcher.Connection);
            var clock = Stopwatch.StartNew();
            while (!launcher.Process.HasExited && clock.Elapsed < options.KernelStartTimeout)
            {
                try
                {
                    client.WaitForReady(TimeSpan.FromSeconds(1));
                    return new KernelSession(launcher, client, options.MemoryLimitBytes, options.Sandbox?.MaxProcesses);
                }
                catch (TimeoutException)
                {
                }
            }
            var exited = launcher.Process.HasExited;
            if (exited)
                launcher.Process.WaitForExit();   // lets the stderr reader deliver the last lines
            var why = exited
                ? $"it exited ({ExitDescription.Of(launcher.Process.ExitCode)}){ExitDescription.LastWords(launcher.StderrTail)}"
                : $"it did not answer within {options.KernelStartTimeout.TotalSeconds:0} s";
            client.Dispose();
            launcher.Dispose();
            if (exited && attempt < StartAttempts)
                continue;
            throw new KernelStartException($"the kernel ({string.Join(' ', options.KernelCommand)}) did not start: {why}");
        }
    }

    /// <summary>
    /// Runs <paramref name="code"/>, feeding its iopub messages to <paramref name="collector"/> as they arrive, until the
    /// reply and the idle status are both in, the time limit passes, or the process dies.
    /// </summary>
    public (CellStatus Status, string? Problem) Execute(string code, TimeSpan timeout, OutputCollector collector, JsonObject timing)
    {
        var request = _client.StartExecute(code);
        timing["shell.execute_request"] = Now();
        var clock = Stopwatch.StartNew();
        JupyterMessage? reply = null;
        var idle = false;
        while (reply is null || !idle)
        {
            if (_client.TryReceiveIopub(Poll, out var message) && IsChildOf(message, request))
            {
                if (message.MessageType == "status")
                {
                    var state = (string?)message.Content["execution_state"];
                    timing[$"iopub.status.{state}"] = Now();
                    idle |= state == "idle";
                }
                else
                {
                    if (message.MessageType == "execute_input")
                        timing["iopub.execute_input"] = Now();
                    collector.Add(message);
                }
                continue;
            }
            if (reply is null && _client.WaitForShellReply(request, TimeSpan.Zero) is { } received)
            {
                reply = received;
                timing["shell.execute_reply"] = Now();
                continue;
            }
            if (Died() is { } death)
                return (CellStatus.KernelDied, death);
            if (clock.Elapsed > timeout)
                return (CellStatus.TimedOut, StopRunawayCell(timeout, collector));
        }
        // A cell that leaves the kernel at its process cap (threads that never end) would kill it later, in an innocent
        // cell, for want of a thread: it is this cell that ends the kernel.
        if (Exhausted() is { } exhausted)
            return (CellStatus.KernelDied, exhausted);
        return (string?)reply.Content["status"] == "ok" ? (CellStatus.Succeeded, null) : (CellStatus.Failed, collector.Error ?? "the cell failed");
    }

    /// <summary>
    /// Asks the kernel to interrupt the cell; code that cannot be interrupted (a busy loop) gets the process killed.
    /// Either way the notebook stops here, so the kernel's later state does not matter.
    /// </summary>
    private string StopRunawayCell(TimeSpan timeout, OutputCollector collector)
    {
        try
        {
            _client.Control("interrupt_request", [], InterruptGrace);
        }
        catch (TimeoutException)
        {
        }
        // Keep what the interrupted cell still prints.
        var grace = Stopwatch.StartNew();
        while (grace.Elapsed < InterruptGrace && _client.TryReceiveIopub(Poll, out var message))
        {
            if (message.MessageType is not ("status" or "execute_input" or "error"))
                collector.Add(message);
        }
        Kill();
        return $"timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
    }

    private string? Died()
    {
        var process = _launcher.Process;
        if (process.HasExited)
        {
            process.WaitForExit();   // lets the stderr reader deliver the last lines
            var exit = $"{ExitDescription.Of(process.ExitCode)}{ExitDescription.LastWords(_launcher.StderrTail)}";
            return OutOfThreads(exit) is { } cap
                ? $"kernel died: it could not start another thread, the sandbox's limit being {cap} threads and processes ({exit})"
                : $"kernel died: {exit}";
        }
        // The whole tree (a sandboxed kernel is a child of bwrap, and a cell may start processes of its own), read every
        // few polls: walking /proc costs more than reading one process's status.
        if (_memoryClock.Elapsed < MemoryPoll)
            return null;
        _memoryClock.Restart();
        if (Exhausted() is { } exhausted)
            return exhausted;
        var resident = ProcessTree.ResidentBytes(process.Id);
        _lastResident = resident;
        if (resident > _memoryLimit)
        {
            Kill();
            return $"kernel died: it used {resident / 1e9:0.0} GB, more than the memory limit of {_memoryLimit / 1e9:0.0} GB, and was stopped";
        }
        return null;
    }

    /// <summary>
    /// The sandbox's process cap when a kernel that died by itself most likely ran out of threads: .NET reports a thread
    /// it cannot create as "Out of memory.", and a burst of threads can reach the cap between two polls of
    /// <see cref="Exhausted"/>. Null without a cap, for another death, or when memory was truly short (resident size at
    /// the last poll above half the memory limit).
    /// </summary>
    private int? OutOfThreads(string exit) =>
        _processCap is { } cap && exit.Contains("Out of memory", StringComparison.Ordinal) && _lastResident < _memoryLimit / 2
            ? cap
            : null;

    private string? Exhausted()
    {
        if (_processCap is not { } cap)
            return null;
        var tasks = ProcessTree.Tasks(_launcher.Process.Id);
        if (tasks < cap - ProcessCapMargin)
            return null;
        Kill();
        return $"kernel died: it ran {tasks} threads and processes, the sandbox's limit being {cap}, and was stopped";
    }

    private void Kill()
    {
        try
        {
            _launcher.Process.Kill(entireProcessTree: true);
            _launcher.Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static bool IsChildOf(JupyterMessage message, JupyterMessage request) => (string?)message.ParentHeader["msg_id"] == request.Id;

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>Asks the kernel to shut down, then makes sure the process is gone.</summary>
    public void Dispose()
    {
        if (!_launcher.Process.HasExited)
        {
            try
            {
                _client.Control("shutdown_request", new JsonObject { ["restart"] = false }, TimeSpan.FromSeconds(2));
                _launcher.Process.WaitForExit(2000);
            }
            catch (TimeoutException)
            {
            }
        }
        _client.Dispose();
        _launcher.Dispose();
    }
}
