using TorchSharp;

namespace DeepArch.Runtime;

/// <summary>
/// One place that prepares TorchSharp for the course: call <see cref="Initialize"/> before the first torch call
/// (the CLI, the tests and the notebook engine do). Safe to call any number of times, from any thread.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Environment variable giving the number of CPU threads libtorch may use.</summary>
    public const string ThreadsVariable = "DEEPARCH_THREADS";

    /// <summary>Prepares TorchSharp once per process: native error guard first, then the thread count.</summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized)
                return;
            NativeGuard.Install();
            if (int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var threads) && threads > 0)
                torch.set_num_threads(threads);
            _initialized = true;
        }
    }

    /// <summary>Number of CPU threads libtorch uses for intra-op parallelism.</summary>
    public static int Threads
    {
        get
        {
            Initialize();
            return torch.get_num_threads();
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Initialize();
            torch.set_num_threads(value);
        }
    }
}
