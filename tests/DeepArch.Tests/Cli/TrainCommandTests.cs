using System.Text.Json;
using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-train-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Theory]
    [InlineData("lenet5-mnist", "mnist", "test_accuracy")]
    [InlineData("resnet-cifar10", "cifar-10", "test_accuracy")]
    [InlineData("unet-shapes", "shapes", "test_iou")]
    public void ASyntheticRunPrintsItsResultsAndWritesALoadableCheckpoint(string recipe, string dataset, string metric)
    {
        var result = Cli.Run("train", recipe, "--synthetic", "16", "--epochs", "1", "--batch-size", "8", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.Equal(recipe, report.GetProperty("recipe").GetString());
        Assert.Equal(dataset, report.GetProperty("dataset").GetString());
        Assert.True(report.GetProperty("synthetic").GetBoolean());
        Assert.Equal(16, report.GetProperty("train_samples").GetInt64());
        Assert.Equal(4, report.GetProperty("test_samples").GetInt64());
        Assert.Equal(1, report.GetProperty("epochs").GetInt32());
        Assert.True(report.GetProperty("seconds").GetDouble() > 0);
        Assert.True(report.GetProperty("final_train_loss").GetDouble() > 0);
        Assert.True(report.GetProperty("skipped_steps").GetInt64() >= 0);   // updates skipped for NaN gradients, reported
        Assert.InRange(report.GetProperty(metric).GetDouble(), 0, 1);
        var other = metric == "test_iou" ? "test_accuracy" : "test_iou";
        Assert.False(report.TryGetProperty(other, out _), $"a {metric} recipe reports no {other}");

        var path = Path.Combine(_out, recipe + ".ckpt");
        Assert.Equal(path, report.GetProperty("checkpoint").GetString());
        var info = Checkpoint.Inspect(path);
        Assert.Equal((recipe, 1), (info.Recipe, info.Epoch));
        Assert.Equal(report.GetProperty(metric).GetDouble(), info.Metrics[metric], 9);
        using var model = RecipeCatalog.Find(recipe).CreateModel();
        Checkpoint.Load(model, path);
    }

    [Fact]
    public void ResumingContinuesTheEpochCountAndStopsWhenTheEpochsAreReached()
    {
        string[] common = ["train", "lenet5-mnist", "--synthetic", "16", "--batch-size", "8", "--out", _out, "--json"];
        Assert.Equal(0, Cli.Run([.. common, "--epochs", "1"]).ExitCode);

        var resumed = Cli.Run([.. common, "--epochs", "3", "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        using (var json = JsonDocument.Parse(resumed.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("start_epoch").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("epochs").GetInt32());
        }
        var checkpoint = Path.Combine(_out, "lenet5-mnist.ckpt");
        Assert.Equal(3, Checkpoint.Inspect(checkpoint).Epoch);

        var done = Cli.Run([.. common, "--epochs", "3", "--resume"]);

        Assert.Equal(0, done.ExitCode);
        Assert.Contains("already at epoch 3 of 3", done.Stderr);
        using (var json = JsonDocument.Parse(done.Stdout))
        {
            Assert.Equal(3, json.RootElement.GetProperty("start_epoch").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("epochs").GetInt32());
            Assert.Equal(Checkpoint.Inspect(checkpoint).Metrics["test_accuracy"], json.RootElement.GetProperty("test_accuracy").GetDouble(), 9);
        }
    }

    [Fact]
    public void ResumingWithoutACheckpointIsOneLineAndAFailure()
    {
        var result = Cli.Run("train", "lenet5-mnist", "--synthetic", "16", "--out", _out, "--resume");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("deeparch:", StringComparison.Ordinal));
        Assert.Contains("Nothing to resume", line);
    }

    [Fact]
    public void ADivergingRunIsOneLineAndWritesNoCheckpoint()
    {
        var result = Cli.Run("train", "lenet5-mnist", "--synthetic", "16", "--batch-size", "8", "--epochs", "1", "--lr", "1e30", "--out", _out);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("deeparch:", StringComparison.Ordinal));
        Assert.Contains("diverged in epoch 1", line);
        Assert.False(File.Exists(Path.Combine(_out, "lenet5-mnist.ckpt")));
    }

    [Fact]
    public void AnUnknownRecipeIsOneLineListingTheRecipes()
    {
        var result = Cli.Run("train", "gpt5-imagenet", "--out", _out);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("gpt5-imagenet", line);
        Assert.Contains("lenet5-mnist", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
    }

    [Fact]
    public void MissingRealDataIsOneLineSayingHowToGetItAndNothingIsDownloaded()
    {
        var root = Directory.CreateDirectory(Path.Combine(_out, "data")).FullName;

        var result = Cli.Run("train", "lenet5-mnist", "--data-root", root, "--out", _out);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("deeparch:", StringComparison.Ordinal));
        Assert.Contains("deeparch datasets fetch mnist", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    [MnistSampleFact]
    public void OneEpochOnTheMnistSampleLearnsTheDigits()
    {
        var result = Cli.Run("train", "lenet5-mnist", "--data-root", MnistSample.Root!, "--epochs", "1", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Equal(4000, json.RootElement.GetProperty("train_samples").GetInt64());
        // One epoch of 4,000 digits is ~32 steps: far from 98 %, far above the 10 % of guessing.
        Assert.InRange(json.RootElement.GetProperty("test_accuracy").GetDouble(), 0.6, 1);
    }
}
