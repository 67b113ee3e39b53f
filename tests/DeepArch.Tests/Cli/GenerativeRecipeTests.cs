using System.Text.Json;

namespace DeepArch.Tests.Cli;

public sealed class GenerativeRecipeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-generative-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Theory]
    [InlineData("vae-mnist")]
    [InlineData("ae-mnist")]
    public void ASyntheticRunReportsItsTestLossInNatsAndTheYardsticksFigures(string recipe)
    {
        var result = Cli.Run("train", recipe, "--synthetic", "32", "--epochs", "1", "--batch-size", "16", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.Equal(report.GetProperty("test_loss").GetDouble(), report.GetProperty("test_loss_nats").GetDouble(), 9);
        Assert.Equal(1000, report.GetProperty("yardstick_samples").GetInt32());
        Assert.InRange(report.GetProperty("yardstick_confident_share").GetDouble(), 0, 1);
        Assert.InRange(report.GetProperty("yardstick_classes_covered").GetDouble(), 0, 5);
        Assert.InRange(report.GetProperty("yardstick_class_entropy_bits").GetDouble(), 0, Math.Log2(5) + 1e-9);
        Assert.True(report.GetProperty("yardstick_frechet_distance").GetDouble() >= 0);
        Assert.False(report.TryGetProperty("test_accuracy", out _));
    }
}
