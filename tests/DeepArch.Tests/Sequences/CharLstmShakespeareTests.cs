using System.Text.Json;
using DeepArch.Sequences;
using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Sequences;

/// <summary>The <c>charlstm-shakespeare</c> recipe on generated sentences, and text drawn from it.</summary>
public sealed class CharLstmShakespeareTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-charlstm-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void ASmokeRunReportsTheLanguageModelFiguresAndALoadableCheckpoint()
    {
        var result = Tests.Cli.Cli.Run("train", "charlstm-shakespeare", "--synthetic", "20", "--epochs", "2", "--batch-size", "4",
            "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.True(report.GetProperty("synthetic").GetBoolean());
        var nats = report.GetProperty("val_loss_nats").GetDouble();
        Assert.InRange(nats, 0.01, Math.Log(65) + 1);
        Assert.Equal(nats / Math.Log(2), report.GetProperty("val_bits_per_char").GetDouble(), 9);
        Assert.True(report.GetProperty("tokens_per_second").GetDouble() > 0);
        using var model = RecipeCatalog.Find("charlstm-shakespeare").CreateModel();
        Assert.Equal(model.parameters().Sum(p => p.numel()), report.GetProperty("parameters").GetInt64());
        var curve = report.GetProperty("curve").EnumerateArray().Select(point => point.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.Equal(2, curve.Count);
        Assert.True(curve[0][0] > 0 && curve[1][0] > curve[0][0], "the curve's seconds increase");
        Assert.Equal(nats, curve[^1][1], 9);
        Checkpoint.Load(model, Path.Combine(_out, "charlstm-shakespeare.ckpt"));
    }

    [Fact]
    public void DeeparchSampleContinuesAPromptFromTheTrainedCheckpoint()
    {
        var train = Tests.Cli.Cli.Run("train", "charlstm-shakespeare", "--synthetic", "20", "--epochs", "1", "--batch-size", "4",
            "--out", _out);
        Assert.True(train.ExitCode == 0, train.Stderr);

        var result = Tests.Cli.Cli.Run("sample", "charlstm-shakespeare", "--checkpoint", Path.Combine(_out, "charlstm-shakespeare.ckpt"),
            "--prompt", "ROMEO:", "--length", "30", "--temperature", "0.8");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.EndsWith("\n", result.Stdout);
        var text = result.Stdout[..^1];                 // the line end the command adds; the text may hold others
        Assert.StartsWith("ROMEO:", text);
        Assert.Equal(36, text.Length);
    }

    [Fact]
    public void TheRecipeContinuesAPromptWithTheLengthAsked()
    {
        var recipe = RecipeCatalog.Find("charlstm-shakespeare");
        using var model = recipe.CreateModel();

        var text = ((ITextGenerator)recipe).Generate(model, new SampleRequest { Prompt = "ROMEO:", Length = 40, Temperature = 0.8, Seed = 3 });

        Assert.StartsWith("ROMEO:", text);
        Assert.Equal(46, text.Length);
        Assert.All(text, c => Assert.Contains(c, CharLstmShakespeare.Vocabulary));
    }

    [Fact]
    public void TheSameSeedDrawsTheSameTextAndGreedyDrawsIgnoreIt()
    {
        var recipe = (ITextGenerator)RecipeCatalog.Find("charlstm-shakespeare");
        using var model = RecipeCatalog.Find("charlstm-shakespeare").CreateModel();
        string Draw(double temperature, int seed) =>
            recipe.Generate(model, new SampleRequest { Prompt = "To be", Length = 30, Temperature = temperature, Seed = seed });

        Assert.Equal(Draw(1.0, 4), Draw(1.0, 4));
        Assert.Equal(Draw(0, 4), Draw(0, 5));
    }

    [Fact]
    public void AnImageRequestIsRefusedWithAMessage()
    {
        var recipe = (ITextGenerator)RecipeCatalog.Find("charlstm-shakespeare");
        using var model = RecipeCatalog.Find("charlstm-shakespeare").CreateModel();

        var error = Assert.Throws<ArgumentException>(() => recipe.Generate(model, new SampleRequest { Class = 3 }));
        Assert.Contains("prompt", error.Message);
    }

    [Fact]
    public void TheTextIsSplitFirstNinetyPercentThenLastTen()
    {
        using var ids = TorchSharp.torch.arange(0, 1000, dtype: TorchSharp.torch.ScalarType.Int64);

        var (train, validation) = CharLstmShakespeare.Split(ids);

        Assert.Equal(900, train.shape[0]);
        Assert.Equal(899, train[-1].item<long>());
        Assert.Equal(900, validation[0].item<long>());
        Assert.Equal(100, validation.shape[0]);
    }
}
