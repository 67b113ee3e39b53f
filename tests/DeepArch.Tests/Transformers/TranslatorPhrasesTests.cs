using System.Text.Json;
using DeepArch.Data;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Transformers;

/// <summary>The <c>translator-phrases</c> recipe, its learner and its test split.</summary>
public sealed class TranslatorPhrasesTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-translator-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void ASmokeRunReportsLossExactMatchBleuAndALoadableCheckpoint()
    {
        var result = Tests.Cli.Cli.Run("train", "translator-phrases", "--synthetic", "200", "--epochs", "1", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.InRange(report.GetProperty("val_loss_nats").GetDouble(), 0.01, 10);
        Assert.True(report.GetProperty("tokens_per_second").GetDouble() > 0);
        Assert.InRange(report.GetProperty("exact_match").GetDouble(), 0, 1);
        Assert.InRange(report.GetProperty("bleu").GetDouble(), 0, 1);
        Assert.Equal(TranslatorPhrases.TestPairs, report.GetProperty("test_samples").GetInt32());
        using var model = RecipeCatalog.Find("translator-phrases").CreateModel();
        Assert.Equal(model.parameters().Sum(p => p.numel()), report.GetProperty("parameters").GetInt64());
        Checkpoint.Load(model, Path.Combine(_out, "translator-phrases.ckpt"));
    }

    [Fact]
    public void DeeparchSampleTranslatesAPromptAndRefusesUnknownWordsInOneLine()
    {
        var train = Tests.Cli.Cli.Run("train", "translator-phrases", "--synthetic", "100", "--epochs", "1", "--out", _out);
        Assert.True(train.ExitCode == 0, train.Stderr);
        var checkpoint = Path.Combine(_out, "translator-phrases.ckpt");

        var translated = Tests.Cli.Cli.Run("sample", "translator-phrases", "--checkpoint", checkpoint, "--prompt", "le chat mange une pomme rouge");
        var refused = Tests.Cli.Cli.Run("sample", "translator-phrases", "--checkpoint", checkpoint, "--prompt", "le chien mange");

        Assert.True(translated.ExitCode == 0, translated.Stderr);
        Assert.Single(translated.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("chien", refused.Stderr);
        Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void NoTestSentenceOccursInTraining()
    {
        var (train, test) = TranslatorPhrases.Split(new RecipeOptions { SyntheticSamples = 3000 });

        var seen = train.Select(p => p.French).ToHashSet();
        Assert.Equal(TranslatorPhrases.TestPairs, test.Count);
        Assert.DoesNotContain(test, p => seen.Contains(p.French));
        Assert.Equal(test.Count, test.Select(p => p.French).Distinct().Count());
    }

    [Fact]
    public void TheLossIsTheMeanCrossEntropyOfTheNonPaddingTargetTokens()
    {
        using var scope = NewDisposeScope();
        var words = new PhraseTranslation();
        var model = new PhraseTranslator(words, maxLength: 16, layers: 1, heads: 2, width: 16);
        var pairs = new[] { new PhrasePair("le chat mange une pomme", "the cat eats an apple"), new PhrasePair("Marie dessine", "Marie draws") };
        var (sources, targets) = (words.Sources(pairs), words.Targets(pairs));             // the second target is padded

        var (loss, result) = new TranslatorLearner(model).Forward(new Batch(sources, targets));

        using var _ = no_grad();
        var logProbabilities = model.Translator.forward(sources, targets[.., ..^1]).log_softmax(-1);   // [2, T − 1, V]
        var (total, count) = (0.0, 0);
        for (var b = 0; b < 2; b++)
            for (var t = 1; t < targets.shape[1]; t++)
            {
                var id = targets[b, t].item<long>();
                if (id == Translator.Pad)
                    continue;
                total -= logProbabilities[b, t - 1, id].item<float>();
                count++;
            }
        Assert.Equal(total / count, loss.item<float>(), 4);
        Assert.Equal(count, result.Samples);
        Assert.Equal(5 + 1 + 2 + 1, count);                                                  // words and end tokens
    }
}
