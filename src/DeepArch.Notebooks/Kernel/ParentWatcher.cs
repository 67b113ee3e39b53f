using System.Diagnostics;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// Notices when the process that started the kernel is gone (a front end killed without shutting the kernel down),
/// so the kernel exits instead of lingering as an orphan.
/// </summary>
internal sealed class ParentWatcher : IDisposable
{
    private readonly Timer _timer;

    public ParentWatcher(Action onParentGone)
    {
        // jupyter_client tells the kernel who its parent is; otherwise the parent is whoever started this process.
        var parent = int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var pid) && pid > 1 ? pid : ParentProcessId();
        var fired = 0;
        _timer = new Timer(_ =>
        {
            if (parent is int p && !IsAlive(p) && Interlocked.Exchange(ref fired, 1) == 0)
                onParentGone();
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _timer.Dispose();

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The parent pid from /proc (Linux); null elsewhere, where only JPY_PARENT_PID is watched.</summary>
    private static int? ParentProcessId()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the parenthesised command name: state, ppid, ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var ppid) && ppid > 1 ? ppid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
