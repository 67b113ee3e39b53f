using DeepArch.Diffusion;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

/// <summary>The denoiser's options: patches, adaptive normalisation, attention, and the model's weight average.</summary>
public sealed class DenoiserOptionsTests
{
    [Fact]
    public void APatchedDenoiserPredictsAtFullResolutionAndEachPatchSeesItsNeighbours()
    {
        using var net = new DenoiserUNet(new DenoiserConfig(Channels: 3, BaseWidth: 8, Multipliers: [1, 2], Patch: 2,
            ScaleShift: true, AttentionHeads: 2, ConditionVocabulary: 4));
        using var x = randn(2, 3, 28, 28, generator: new Generator(1));
        using var t = tensor(new long[] { 5, 40 });
        using var tokens = tensor(new long[,] { { 1, 2 }, { 3, 0 } });

        using var epsilon = net.Predict(x, t, tokens);
        using var moved = x.clone();
        moved[0, 0, 0, 0] = tensor(5f);                                          // one pixel in the top-left corner
        using var after = net.Predict(moved, t, tokens);

        Assert.Equal(x.shape, epsilon.shape);
        // Attention at the lowest level: the bottom-right corner's prediction depends on the top-left pixel.
        Assert.NotEqual(epsilon[0, 0, 27, 27].item<float>(), after[0, 0, 27, 27].item<float>());
        Assert.True(epsilon[1].allclose(after[1], rtol: 0, atol: 0));             // the other image is untouched
    }

    [Fact]
    public void APatchedDenoiserRefusesImagesItsPatchesAndLevelsCannotDivide()
    {
        using var net = new DenoiserUNet(new DenoiserConfig(Channels: 1, BaseWidth: 8, Multipliers: [1, 2], Patch: 2));

        var error = Assert.Throws<ArgumentException>(() => net.Predict(zeros(1, 1, 30, 30), tensor(new long[] { 1 })));

        Assert.Contains("multiples of 4", error.Message);
    }

    [Fact]
    public void WithScaleAndShiftTheConditionStillReachesThePredictionAndTheEmptyTokenAddsNothing()
    {
        using var net = new DenoiserUNet(new DenoiserConfig(Channels: 3, BaseWidth: 8, ConditionVocabulary: 5, ScaleShift: true));
        using var x = randn(1, 3, 8, 8, generator: new Generator(2));
        using var t = tensor(new long[] { 10 });

        using var one = net.Predict(x, t, tensor(new long[,] { { 1 } }));
        using var two = net.Predict(x, t, tensor(new long[,] { { 2 } }));
        using var none = net.Predict(x, t);
        using var empty = net.Predict(x, t, tensor(new long[,] { { 0, 0 } }));

        Assert.False(one.allclose(two));
        Assert.True(none.allclose(empty, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void AttentionMixesEveryPositionAndIsEquivariantToTheirOrder()
    {
        using var attention = new DenoiserAttention(8, 4, 2);
        using var x = randn(1, 8, 3, 3, generator: new Generator(3));
        // Swapping two pixels swaps the outputs at those pixels: attention knows no positions, only contents.
        using var swapped = x.clone();
        swapped[.., .., 0, 0] = x[.., .., 2, 2];
        swapped[.., .., 2, 2] = x[.., .., 0, 0];

        using var y = attention.call(x);
        using var ySwapped = attention.call(swapped);

        Assert.True(y[.., .., 0, 0].allclose(ySwapped[.., .., 2, 2], rtol: 0, atol: 1e-5));
        Assert.True(y[.., .., 1, 1].allclose(ySwapped[.., .., 1, 1], rtol: 0, atol: 1e-5));
        Assert.False(y.allclose(x));
    }

    private static DiffusionModel Averaged() => new(new DiffusionConfig(
        new DenoiserConfig(Channels: 1, BaseWidth: 8, Multipliers: [1, 2]), Steps: 20, AverageDecay: 0.9));

    [Fact]
    public void TheAverageStartsEqualToTheDenoiserIsFrozenAndSamplesComeFromIt()
    {
        using var model = Averaged();

        Assert.NotSame(model.Denoiser, model.Sampling);
        Assert.All(model.Sampling.parameters(), p => Assert.False(p.requires_grad));
        foreach (var (average, live) in model.Sampling.parameters().Zip(model.Denoiser.parameters()))
            Assert.True(average.allclose(live, rtol: 0, atol: 0));
    }

    [Fact]
    public void EachTrainingStepMovesTheAverageByItsWarmedUpDecay()
    {
        using var model = Averaged();
        var learner = new DiffusionLearner(model);
        using var optimizer = optim.SGD(model.Denoiser.parameters(), 0.5);
        var context = new TrainingContext(CPU, optimizer, clipNorm: null);
        var before = model.Denoiser.parameters().Select(p => p.detach().clone()).ToList();

        learner.TrainingStep(new Batch(rand(4, 1, 8, 8, generator: new Generator(4)), zeros(4)), context);

        // First update: β₀ = min(0.9, (1 + 0) / (10 + 0)) = 0.1, so θ̄ = 0.1·θ_before + 0.9·θ_after.
        foreach (var ((average, live), old) in model.Sampling.parameters().Zip(model.Denoiser.parameters()).Zip(before))
        {
            using var expected = 0.1 * old + 0.9 * live.detach();
            Assert.True(average.allclose(expected, rtol: 0, atol: 1e-6));
        }
        Assert.False(model.Denoiser.parameters().First().allclose(before[0]));            // the step did move the weights
    }

    [Fact]
    public void ACheckpointKeepsTheAverage()
    {
        using var model = Averaged();
        using (no_grad())
            foreach (var p in model.Sampling.parameters())
                p.fill_(0.25);
        var path = Path.Combine(Path.GetTempPath(), $"deeparch-average-{Guid.NewGuid():N}.ckpt");
        try
        {
            Checkpoint.Save(model, path);
            using var loaded = Averaged();
            Checkpoint.Load(loaded, path);

            Assert.All(loaded.Sampling.parameters(), p => Assert.Equal(0.25f, p.mean().item<float>(), 6));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnAverageDecayOfOneIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new DiffusionModel(new DiffusionConfig(new DenoiserConfig(BaseWidth: 8), AverageDecay: 1)));
    }
}
