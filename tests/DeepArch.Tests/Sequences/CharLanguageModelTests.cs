using DeepArch.Sequences;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Sequences;

/// <summary>
/// The character language model, its truncated-BPTT learner and temperature sampling. Runs alone: the training tests
/// seed torch's global generator, from which the model draws its initial weights (its constructor takes no generator),
/// and a test running beside them would draw from it too (see GlobalRandomState).
/// </summary>
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class CharLanguageModelTests
{
    private static readonly CharLanguageModelConfig Tiny = new(VocabularySize: 6, EmbeddingSize: 8, HiddenSize: 24);

    [Fact]
    public void TheStateCarriedAcrossWindowsIsDetachedAndTheLiveTensorsStayFlat()
    {
        manual_seed(5);
        using var model = new CharLanguageModel(Tiny);
        using var ids = randint(0, Tiny.VocabularySize, [20_000]);
        using var data = new CharStreams(ids, ids[..2000], batchSize: 4, windowLength: 16, stepsPerEpoch: 40);
        var learner = new CharLanguageModelLearner(model) { LearningRate = 1e-3 };
        var trainer = new Trainer(new TrainerOptions { Epochs = 1, Device = CPU });
        trainer.Fit(learner, data);
        var afterOneEpoch = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Fit(learner, data);   // 40 more windows, each starting from the carried state

        var carried = learner.CarriedState!;
        Assert.False(carried.Hidden.requires_grad, "the carried hidden state is cut from the graph");
        Assert.False(carried.Cell!.requires_grad, "the carried cell state is cut from the graph");
        Assert.Equal([Tiny.Layers, 4, Tiny.HiddenSize], carried.Hidden.shape);
        Assert.Equal(afterOneEpoch, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        learner.ResetState();
    }

    [Fact]
    public void ConsecutiveTrainingWindowsContinueEachStream()
    {
        using var ids = arange(0, 100, dtype: ScalarType.Int64);
        using var data = new CharStreams(ids, ids[..20], batchSize: 2, windowLength: 5, stepsPerEpoch: 3, validationStreams: 2);

        var batches = data.TrainBatches().Select(b => (b.Inputs.data<long>().ToArray(), b.Targets.data<long>().ToArray())).ToList();

        // Stream 0 is 0..49 and stream 1 is 50..99: window k reads characters 5k..5k+4 of each, targets shifted by one.
        Assert.Equal([0L, 1, 2, 3, 4, 50, 51, 52, 53, 54], batches[0].Item1);
        Assert.Equal([1L, 2, 3, 4, 5, 51, 52, 53, 54, 55], batches[0].Item2);
        Assert.Equal([5L, 6, 7, 8, 9, 55, 56, 57, 58, 59], batches[1].Item1);
    }

    [Fact]
    public void TheLossOnASmallCorpusFallsBelowItsUnigramEntropy()
    {
        manual_seed(6);
        // A periodic text: each character is predictable from the previous ones, though all six are equally frequent.
        var text = string.Concat(Enumerable.Repeat("abcdef", 2000));
        using var ids = tensor(text.Select(c => (long)(c - 'a')).ToArray());
        var unigramEntropy = Math.Log(6);   // nats: every character has frequency 1/6
        using var model = new CharLanguageModel(Tiny);
        using var data = new CharStreams(ids[..10_000], ids[10_000..], batchSize: 8, windowLength: 16, stepsPerEpoch: 60);
        var learner = new CharLanguageModelLearner(model) { LearningRate = 1e-2 };

        var history = new Trainer(new TrainerOptions { Epochs = 1, Device = CPU }).Fit(learner, data);

        Assert.True(history.Last.Validation[MetricNames.Loss] < 0.5 * unigramEntropy,
            $"validation loss {history.Last.Validation[MetricNames.Loss]:0.000} nats vs unigram entropy {unigramEntropy:0.000}");
        Assert.Equal(history.Last.Validation[MetricNames.Loss] / Math.Log(2), history.Last.Validation[CharLanguageModelLearner.BitsPerChar], 9);
    }

    [Fact]
    public void SamplingAtATemperatureNearZeroIsGreedy()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0.1f, 2.0f, 1.9f, -1f });

        var draws = Enumerable.Range(0, 50).Select(seed => TemperatureSampling.Draw(logits, 1e-6, new Generator((ulong)seed))).ToList();

        Assert.All(draws, id => Assert.Equal(1, id));
        Assert.Equal(1.0, TemperatureSampling.Probabilities(logits, 0.01)[1].item<float>(), 3);
    }

    [Fact]
    public void TemperatureOneSamplesTheSoftmaxAndHighTemperaturesFlattenIt()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0f, (float)Math.Log(3) });   // softmax: 1/4, 3/4

        var generator = new Generator(7);
        var ones = Enumerable.Range(0, 4000).Count(_ => TemperatureSampling.Draw(logits, 1.0, generator) == 1);

        Assert.InRange(ones / 4000.0, 0.72, 0.78);
        Assert.Equal(0.5, TemperatureSampling.Probabilities(logits, 1e6)[1].item<float>(), 3);
    }

    [Fact]
    public void GreedyGenerationFromAModelEqualsTheArgMaxOfItsOwnForwardPass()
    {
        manual_seed(8);
        using var model = new CharLanguageModel(Tiny);
        using var prompt = tensor(new long[] { 1, 2, 3 });

        using var generated = model.Generate(prompt, 4, temperature: 0, seed: 1);

        // Independent computation: re-read the whole text so far at every step, from a zero state, and take the arg max.
        var text = new List<long> { 1, 2, 3 };
        model.eval();
        using (no_grad())
            for (var i = 0; i < 4; i++)
            {
                using var logits = model.call(tensor(text.ToArray()).unsqueeze(0));
                text.Add(logits[0, -1].argmax().item<long>());
            }
        Assert.Equal(text.Skip(3), generated.data<long>().ToArray());
    }

    [Fact]
    public void AStateOfTheWrongShapeIsRejected()
    {
        using var scope = NewDisposeScope();
        var model = new CharLanguageModel(Tiny);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(zeros(2, 5, dtype: ScalarType.Int64), new RecurrentState(zeros(1, 3, 24), zeros(1, 3, 24))));
        Assert.Contains("[1, 2, 24]", error.Message);
    }
}
