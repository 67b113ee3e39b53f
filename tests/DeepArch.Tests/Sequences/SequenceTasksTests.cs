using DeepArch.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Sequences;

/// <summary>The long-range and tagging tasks, the models that read them, and the gradient-flow measurement.</summary>
public sealed class SequenceTasksTests
{
    [Fact]
    public void TheLagTaskAsksForTheFirstSymbolAfterNoiseFromAnotherAlphabet()
    {
        using var samples = LagTask.Generate(50, lag: 7, seed: 3);
        var inputs = samples.Inputs.data<long>().ToArray();
        var targets = samples.Targets.data<long>().ToArray();

        Assert.Equal([50L, 8], samples.Inputs.shape);
        for (var n = 0; n < 50; n++)
        {
            Assert.Equal(targets[n], inputs[n * 8]);
            Assert.All(inputs.Skip(n * 8 + 1).Take(7), id => Assert.InRange(id, LagTask.Classes, LagTask.Vocabulary - 1));
        }
    }

    [Fact]
    public void FutureTaggingTagsEachPositionWithTheSymbolAheadAndTheEndWithTheExtraClass()
    {
        using var samples = TaggingTasks.Future(3, length: 6, distance: 2, symbols: 5, seed: 4);
        var inputs = samples.Inputs.data<long>().ToArray();
        var targets = samples.Targets.data<long>().ToArray();

        for (var n = 0; n < 3; n++)
            for (var t = 0; t < 6; t++)
                Assert.Equal(t + 2 < 6 ? inputs[n * 6 + t + 2] : 5, targets[n * 6 + t]);
    }

    [Fact]
    public void TheConvolutionsLastOutputIgnoresEverythingBeyondItsReceptiveField()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var config = new SequenceClassifierConfig(SequenceArchitecture.Conv1d, 6, 3, Hidden: 8, ConvLayers: 3, KernelSize: 3);
        var model = new SequenceClassifier(config);
        var ids = randint(0, 6, [1, 20]);
        var changedFar = ids.clone();
        changedFar[0, ..(20 - config.ReceptiveField)] = (changedFar[0, ..(20 - config.ReceptiveField)] + 1) % 6;
        var changedNear = ids.clone();
        changedNear[0, 20 - config.ReceptiveField] = (changedNear[0, 20 - config.ReceptiveField] + 1) % 6;

        Assert.Equal(7, config.ReceptiveField);
        Assert.True(model.call(ids).allclose(model.call(changedFar)), "positions beyond the receptive field change nothing");
        Assert.False(model.call(ids).allclose(model.call(changedNear)), "the oldest position inside the field matters");
    }

    [Theory]
    [InlineData(SequenceArchitecture.Rnn)]
    [InlineData(SequenceArchitecture.Gru)]
    [InlineData(SequenceArchitecture.Lstm)]
    [InlineData(SequenceArchitecture.Conv1d)]
    public void EveryArchitectureClassifiesABatchOfSequences(SequenceArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        var model = new SequenceClassifier(new(architecture, LagTask.Vocabulary, LagTask.Classes));

        Assert.Equal([5L, LagTask.Classes], model.call(LagTask.Generate(5, 12).Inputs).shape);
    }

    [Fact]
    public void TheBidirectionalTaggerConcatenatesBothDirections()
    {
        using var scope = NewDisposeScope();
        var tagger = new SequenceTagger(vocabulary: 5, classes: 4, hidden: 6, bidirectional: true);

        Assert.Equal([2L, 9, 4], tagger.call(randint(0, 5, [2, 9])).shape);
        Assert.Equal(12, tagger.named_parameters().Single(p => p.name == "head.weight").parameter.shape[1]);
    }

    [Fact]
    public void ThroughALinearRegimeTheGradientShrinksAsTheRecurrentWeightToThePowerOfTheDistance()
    {
        using var scope = NewDisposeScope();
        var cell = new RnnCell(2, 1);
        using (no_grad())
        {
            // With no input weights and no biases, h_t = 0 at every step, where tanh' = 1: ∂L/∂h_(T−k) = w^k exactly.
            cell.WeightIH.zero_();
            cell.BiasIH.zero_();
            cell.BiasHH.zero_();
            cell.WeightHH.fill_(0.5);
        }

        var norms = GradientFlow.HiddenGradientNorms(cell, randn(3, 6, 2));

        Assert.Equal(6, norms.Length);
        for (var k = 0; k < 6; k++)
            Assert.Equal(Math.Pow(0.5, k), norms[k], 6);
    }

    [Fact]
    public void ScalingTheRecurrentWeightsSetsTheirSpectralRadius()
    {
        using var scope = NewDisposeScope();
        manual_seed(10);
        var cell = new RnnCell(3, 16);

        GradientFlow.ScaleRecurrentWeights(cell, 0.8);

        Assert.Equal(0.8, linalg.eigvals(cell.WeightHH.detach()).abs().max().item<float>(), 4);
    }
}
