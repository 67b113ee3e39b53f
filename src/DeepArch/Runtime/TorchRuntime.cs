using TorchSharp;

namespace DeepArch.Runtime;

/// <summary>
/// One place that prepares TorchSharp for the course: call <see cref="Initialize"/> before the first torch call
/// (the CLI, the tests and the notebook engine do). Safe to call any number of times.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Environment variable giving the number of CPU threads libtorch may use.</summary>
    public const string ThreadsVariable = "DEEPARCH_THREADS";

    /// <summary>Prepares TorchSharp once per process: native error guard, then thread count.</summary>
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
}
