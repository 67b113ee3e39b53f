using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

/// <summary>
/// Runs alone: the maximum-likelihood training test seeds torch's global generator, from which the model draws its initial weights (its
/// constructor takes no generator), and a test running beside it would draw from it too (see GlobalRandomState).
/// </summary>
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class PixelRnnTests
{
    private static readonly PixelRnnConfig Small = new(Height: 5, Width: 6, RowHidden: 8, UnitsPerColumn: 2);

    [Fact]
    public void APixelsPredictionDoesNotChangeWhenLaterPixelsChange()
    {
        DeepArch.Runtime.Seeding.Seed(3);
        using var model = new PixelRnn(Small);
        using var x = rand(2, 1, 5, 6).gt(0.5).to_type(ScalarType.Float32);
        using var logits = model.call(x);
        var width = 6;

        for (var position = 0; position < 30; position++)
        {
            // Redraw every pixel from `position` on (raster order), keep those before.
            using var later = arange(30).ge(position).view(1, 1, 5, 6);
            using var changed = where(later, rand(2, 1, 5, 6).gt(0.5).to_type(ScalarType.Float32), x);
            using var after = model.call(changed);
            int r = position / width, c = position % width;
            Assert.True(logits[.., .., r, c].allclose(after[.., .., r, c], rtol: 0, atol: 1e-6), $"pixel ({r}, {c}) saw a later pixel");
        }
    }

    [Fact]
    public void APixelsPredictionDependsOnTheRowAboveAndOnItsLeftNeighbour()
    {
        DeepArch.Runtime.Seeding.Seed(4);
        using var model = new PixelRnn(Small);
        using var x = zeros(1, 1, 5, 6);
        using var before = model.call(x);
        using var left = x.clone();
        left[0, 0, 2, 2] = 1;                                     // the pixel just left of (2, 3)
        using var above = x.clone();
        above[0, 0, 1, 5] = 1;                                    // a pixel of the row above

        Assert.False(before[0, 0, 2, 3].allclose(model.call(left)[0, 0, 2, 3]));
        Assert.False(before[0, 0, 2, 3].allclose(model.call(above)[0, 0, 2, 3]));
    }

    [Fact]
    public void AFewStepsOfMaximumLikelihoodLowerTheNegativeLogLikelihood()
    {
        DeepArch.Runtime.Seeding.Seed(5);
        using var model = new PixelRnn(Small);
        using var x = rand(1, 1, 5, 6).gt(0.5).to_type(ScalarType.Float32).repeat(16, 1, 1, 1);
        var learner = new PixelRnnLearner(model) { LearningRate = 1e-2 };
        var batch = new Batch(x, zeros(16, dtype: ScalarType.Int64));
        var first = learner.Forward(batch).Result.Values[PixelRnnLearner.NllNats];

        for (var step = 0; step < 30; step++)
        {
            var (loss, _) = learner.Forward(batch);
            learner.Optimizer!.zero_grad();
            loss.backward();
            learner.Optimizer.step();
        }

        var last = learner.Forward(batch).Result.Values[PixelRnnLearner.NllNats];
        Assert.True(last < 0.75 * first, $"NLL {first:F2} → {last:F2} nats");
    }

    [Fact]
    public void NegativeLogLikelihoodIsTheSumOfEachPixelsBinaryCrossEntropy()
    {
        DeepArch.Runtime.Seeding.Seed(6);
        using var model = new PixelRnn(Small);
        using var x = rand(1, 1, 5, 6).gt(0.5).to_type(ScalarType.Float32);
        using var p = sigmoid(model.call(x));
        var probabilities = p.data<float>().ToArray();
        var pixels = x.data<float>().ToArray();
        var expected = -pixels.Zip(probabilities, (xi, pi) => xi * Math.Log(pi) + (1 - xi) * Math.Log(1 - pi)).Sum();

        using var nll = model.NegativeLogLikelihood(x);

        Assert.Equal(expected, nll.item<float>(), 3);
        Assert.Equal(expected / (30 * Math.Log(2)), model.BitsPerDimension(expected), 12);
    }

    [Fact]
    public void CompletionKeepsTheKnownRowsAndDrawsBinaryPixelsBelow()
    {
        DeepArch.Runtime.Seeding.Seed(7);
        using var model = new PixelRnn(Small);
        using var x = rand(3, 1, 5, 6).gt(0.5).to_type(ScalarType.Float32);

        using var completed = model.Complete(x, knownRows: 2);

        Assert.Equal(x.shape, completed.shape);
        Assert.True(completed[.., .., ..2].eq(x[.., .., ..2]).all().item<bool>());
        Assert.True(completed.eq(0).logical_or(completed.eq(1)).all().item<bool>());
    }

    [Fact]
    public void ImagesOfTheWrongSizeAreRejectedWithTheExpectedShape()
    {
        using var model = new PixelRnn(Small);

        var error = Assert.Throws<ArgumentException>(() => model.call(zeros(2, 1, 6, 5)));

        Assert.Contains("[B, 1, 5, 6]", error.Message);
    }
}
