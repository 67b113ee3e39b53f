using System.Text.Json;
using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Cli;

public sealed class GenerativeTrainCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-train-gen-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Theory]
    [InlineData("pixelrnn-mnist", "bits_per_dim")]
    [InlineData("rbm-mnist", "reconstruction_error")]
    public void ASyntheticRunListsItsTestMetricsAndWritesALoadableCheckpoint(string recipe, string metric)
    {
        var result = Cli.Run("train", recipe, "--synthetic", "16", "--epochs", "1", "--batch-size", "8", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var metrics = json.RootElement.GetProperty("test_metrics");
        Assert.True(metrics.GetProperty(metric).GetDouble() > 0);
        Assert.False(json.RootElement.TryGetProperty("test_accuracy", out _));
        var path = Path.Combine(_out, recipe + ".ckpt");
        Assert.Equal(metrics.GetProperty(metric).GetDouble(), Checkpoint.Inspect(path).Metrics["test_" + metric], 9);
        using var model = RecipeCatalog.Find(recipe).CreateModel();
        Checkpoint.Load(model, path);
    }
}
