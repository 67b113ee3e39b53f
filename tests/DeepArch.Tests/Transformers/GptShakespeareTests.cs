using System.Text.Json;
using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Transformers;

/// <summary>The <c>gpt-shakespeare</c> recipe on generated sentences, and text drawn from it.</summary>
public sealed class GptShakespeareTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-gpt-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void ASmokeRunReportsTheLanguageModelFiguresAndALoadableCheckpoint()
    {
        var result = Tests.Cli.Cli.Run("train", "gpt-shakespeare", "--synthetic", "100", "--epochs", "2", "--batch-size", "4",
            "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        var nats = report.GetProperty("val_loss_nats").GetDouble();
        Assert.InRange(nats, 0.01, Math.Log(65) + 1);
        Assert.True(report.GetProperty("tokens_per_second").GetDouble() > 0);
        Assert.True(report.GetProperty("seconds").GetDouble() > 0);
        using var model = RecipeCatalog.Find("gpt-shakespeare").CreateModel();
        Assert.Equal(model.parameters().Sum(p => p.numel()), report.GetProperty("parameters").GetInt64());
        var curve = report.GetProperty("curve").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.Equal(2, curve.Count);
        Assert.True(curve[1][0] > curve[0][0], "the curve's seconds increase");
        Assert.Equal(nats, curve[^1][1], 9);
        Checkpoint.Load(model, Path.Combine(_out, "gpt-shakespeare.ckpt"));
    }

    [Fact]
    public void DeeparchSampleContinuesAPromptFromTheTrainedCheckpoint()
    {
        var train = Tests.Cli.Cli.Run("train", "gpt-shakespeare", "--synthetic", "100", "--epochs", "1", "--batch-size", "4", "--out", _out);
        Assert.True(train.ExitCode == 0, train.Stderr);

        var result = Tests.Cli.Cli.Run("sample", "gpt-shakespeare", "--checkpoint", Path.Combine(_out, "gpt-shakespeare.ckpt"),
            "--prompt", "ROMEO:", "--length", "80", "--temperature", "0.8");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = result.Stdout[..^1];                 // the line end the command adds
        Assert.StartsWith("ROMEO:", text);
        Assert.Equal(86, text.Length);                  // longer than the 64-character context
    }

    [Fact]
    public void GreedyDrawsIgnoreTheSeed()
    {
        var recipe = RecipeCatalog.Find("gpt-shakespeare");
        using var model = recipe.CreateModel();
        string Draw(int seed) => ((ITextGenerator)recipe).Generate(model, new SampleRequest { Prompt = "To be", Length = 20, Temperature = 0, Seed = seed });

        Assert.Equal(Draw(1), Draw(2));
    }

    [Fact]
    public void TheBenchVerbComparesBothAttentionPaths()
    {
        var result = Tests.Cli.Cli.Run("bench", "attention", "--steps", "2", "--warmup", "0", "--batch-size", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("fused_ms_per_step").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("written_out_ms_per_step").GetDouble() > 0);
    }
}

/// <summary>The <c>vit-mnist</c> recipe on generated shapes.</summary>
public sealed class VitMnistTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-vit-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void ASmokeRunReportsTestAccuracyAndALoadableCheckpoint()
    {
        var result = Tests.Cli.Cli.Run("train", "vit-mnist", "--synthetic", "64", "--epochs", "1", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.InRange(json.RootElement.GetProperty("test_accuracy").GetDouble(), 0, 1);
        using var model = RecipeCatalog.Find("vit-mnist").CreateModel();
        Assert.Equal(model.parameters().Sum(p => p.numel()), json.RootElement.GetProperty("parameters").GetInt64());
        Checkpoint.Load(model, Path.Combine(_out, "vit-mnist.ckpt"));
    }
}
