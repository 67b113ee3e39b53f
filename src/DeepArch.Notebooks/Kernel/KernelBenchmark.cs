using System.Diagnostics;
using System.Text.Json.Serialization;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// <c>deeparch bench kernel</c>: time from starting a kernel process to its kernel_info_reply, and the median round
/// trip of a trivial cell (<c>1+1</c>), measured through the protocol as a front end sees them.
/// </summary>
public static class KernelBenchmark
{
    /// <summary>The measurements (goals: start ≤ 1 s, round trip ≤ 15 ms).</summary>
    public sealed record Result(
        [property: JsonPropertyName("start_s")] double StartSeconds,
        [property: JsonPropertyName("roundtrip_ms_median")] double RoundTripMillisecondsMedian);

    /// <summary>
    /// Starts <paramref name="command"/> as a kernel (in <paramref name="sandbox"/> when given, as grading does), measures,
    /// and shuts it down.
    /// </summary>
    public static Result Run(IReadOnlyList<string> command, int executions = 50, Sandbox.KernelSandbox? sandbox = null)
    {
        var clock = Stopwatch.StartNew();
        using var kernel = sandbox is null
            ? KernelLauncher.Start(command, Environment.CurrentDirectory)
            : KernelLauncher.StartInSandbox(command, Path.Combine(Path.GetTempPath(), $"deeparch-bench-{Guid.NewGuid():N}"), sandbox, []);
        using var client = new KernelClient(kernel.Connection);
        var start = 0.0;
        client.WaitForReady(TimeSpan.FromSeconds(60), () => start = clock.Elapsed.TotalSeconds);

        var times = new List<double>();
        for (var i = 0; i < executions; i++)
        {
            clock.Restart();
            var reply = client.Execute("1+1", TimeSpan.FromSeconds(60)).Reply;
            times.Add(clock.Elapsed.TotalMilliseconds);
            if ((string?)reply.Content["status"] != "ok")
                throw new InvalidOperationException($"the benchmark cell failed: {reply.Content["evalue"]}");
        }
        client.Control("shutdown_request", new() { ["restart"] = false }, TimeSpan.FromSeconds(10));
        kernel.Process.WaitForExit(10_000);
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        return new Result(Math.Round(start, 3), Math.Round(median, 2));
    }
}
