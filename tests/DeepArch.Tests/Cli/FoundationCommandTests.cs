using System.Text.Json;

namespace DeepArch.Tests.Cli;

public sealed class FoundationCommandTests
{
    [Fact]
    public void InfoReportsAWorkingLibTorchAndTheNativeSteps()
    {
        var result = Cli.Run("info", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var info = json.RootElement;
        Assert.Equal("0.107.0", info.GetProperty("torchsharp").GetString());
        Assert.Equal("ok (2x2 matmul)", info.GetProperty("libtorch_check").GetString());
        Assert.StartsWith("active", info.GetProperty("native_guard").GetString());
        Assert.Matches("^(needed and applied|not needed)", info.GetProperty("glibcxx_compat_step").GetString());
        Assert.True(int.Parse(info.GetProperty("threads").GetString()!) >= 1);
    }

    [Fact]
    public void BenchTrainerPrintsTheDocumentedJsonObject()
    {
        var result = Cli.Run("bench", "trainer", "--steps", "20", "--warmup", "2", "--batch-size", "8", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var bench = json.RootElement;
        Assert.Equal(20, bench.GetProperty("steps").GetInt32());
        foreach (var name in new[] { "bare_ms_per_step", "trainer_ms_per_step", "rss_start_mb", "rss_end_mb" })
            Assert.True(bench.GetProperty(name).GetDouble() > 0, name);
        var ratio = bench.GetProperty("trainer_ms_per_step").GetDouble() / bench.GetProperty("bare_ms_per_step").GetDouble();
        Assert.Equal(ratio, bench.GetProperty("ratio").GetDouble(), precision: 9);
        var growth = bench.GetProperty("rss_end_mb").GetDouble() / bench.GetProperty("rss_start_mb").GetDouble() - 1;
        Assert.Equal(growth, bench.GetProperty("rss_growth").GetDouble(), precision: 9);
    }

    [Fact]
    public void BadArgumentsGiveOneLineAndANonZeroExit()
    {
        var result = Cli.Run("bench", "trainer", "--steps", "1");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deeparch: error:", line);
        Assert.Contains("--steps", line);
    }

    [Fact]
    public void AnUnknownCommandIsRefused()
    {
        var result = Cli.Run("frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.Stderr + result.Stdout);
    }
}
