using DeepArch.Diffusion;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

public sealed class DenoiserTests
{
    private static DenoiserUNet Small(int vocabulary = 0) => new(new DenoiserConfig(Channels: 3, BaseWidth: 8, ConditionVocabulary: vocabulary));

    [Fact]
    public void TheSinusoidalEmbeddingIsSinesThenCosinesOfGeometricFrequencies()
    {
        using var embedding = SinusoidalTimeEmbedding.Embed(tensor(new long[] { 0, 3 }), 4);

        // d = 4: frequencies 1 and 10000^(−1/2) = 0.01.
        float[] expected = [0, 0, 1, 1, MathF.Sin(3), MathF.Sin(0.03f), MathF.Cos(3), MathF.Cos(0.03f)];
        Assert.Equal(expected, embedding.data<float>().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void TheDenoiserPredictsNoiseShapedAsItsInput()
    {
        using var net = Small(vocabulary: 5);
        using var x = randn(2, 3, 28, 28, generator: new Generator(1));

        using var epsilon = net.Predict(x, tensor(new long[] { 3, 400 }), tensor(new long[,] { { 1, 2 }, { 0, 0 } }));

        Assert.Equal(x.shape, epsilon.shape);
        Assert.True(epsilon.isfinite().all().item<bool>());
    }

    [Fact]
    public void TheConditionChangesThePrediction()
    {
        using var net = Small(vocabulary: 5);
        using var x = randn(1, 3, 8, 8, generator: new Generator(2));
        using var t = tensor(new long[] { 10 });

        using var a = net.Predict(x, t, tensor(new long[,] { { 1 } }));
        using var b = net.Predict(x, t, tensor(new long[,] { { 2 } }));

        Assert.False(a.allclose(b));
    }

    [Fact]
    public void AnImageWhoseSizeTheLevelsCannotHalveIsRefused()
    {
        using var net = Small();

        var error = Assert.Throws<ArgumentException>(() => net.Predict(zeros(1, 3, 30, 30), tensor(new long[] { 1 })));

        Assert.Contains("multiples of 4", error.Message);
    }

    [Fact]
    public void ConditionTokensForAnUnconditionalDenoiserAreRefused()
    {
        using var net = Small();

        var error = Assert.Throws<ArgumentException>(() => net.Predict(zeros(1, 3, 8, 8), tensor(new long[] { 1 }), tensor(new long[,] { { 1 } })));

        Assert.Contains("unconditional", error.Message);
    }

    [Fact]
    public void GroupNormalizationStandardisesEachGroupOfEachSample()
    {
        using var norm = new GroupNormalization(2, 4);
        using var x = randn(3, 4, 5, 5, generator: new Generator(3)) * 3 + 2;

        using var y = norm.call(x).reshape(3, 2, -1);

        Assert.True(y.mean([2]).abs().max().item<float>() < 1e-5);
        Assert.True((y.var([2], unbiased: false) - 1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void InpaintingLeavesTheKnownPixelsEqualToTheInput()
    {
        using var net = Small(vocabulary: 5);
        using var known = rand(2, 3, 8, 8, generator: new Generator(4));
        using var mask = ones(2, 1, 8, 8);
        mask[.., .., 2..6, 2..6] = zeros(1);
        var process = new ReverseProcess(net, new DdimSampler(NoiseSchedule.Cosine(50), steps: 5, eta: 1)) { Guidance = 2 };

        using var result = process.Inpaint(known, mask, tensor(new long[,] { { 1, 2 } }), new Generator(5));

        using var keep = mask.expand_as(known).to(ScalarType.Bool);
        Assert.True(result.masked_select(keep).eq(known.masked_select(keep)).all().item<bool>());
        Assert.False(result.masked_select(keep.logical_not()).allclose(known.masked_select(keep.logical_not())));
    }

    [Fact]
    public void SamplingTheSameSeedTwiceGivesTheSameImagesInTheUnitRange()
    {
        using var net = Small();
        var process = new ReverseProcess(net, new DdpmSampler(NoiseSchedule.Linear(10))) { BatchSize = 2 };

        using var a = process.Sample(3, (3, 8, 8), generator: new Generator(6));
        using var b = process.Sample(3, (3, 8, 8), generator: new Generator(6));

        Assert.Equal([3L, 3, 8, 8], a.shape);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(a.ge(0).all().item<bool>() && a.le(1).all().item<bool>());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
