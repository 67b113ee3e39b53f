using System.Diagnostics;

namespace DeepArch.Tests.Cli;

/// <summary>Runs the <c>deeparch</c> command (copied beside the tests) as a separate process.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWithin(TimeSpan.FromMinutes(2), args);

    /// <summary>Runs a command given more time than two minutes (a bench that takes a thousand network calls).</summary>
    public static Result RunWithin(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepArch.Cli.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deeparch {string.Join(' ', args)} did not finish in {limit.TotalMinutes:0.#} minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
