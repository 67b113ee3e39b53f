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
    public void NoConditionPredictsTheSameWhetherGivenAsNullOrAsEmptyTokensOfAnyLength()
    {
        // A caption dropped in training is [∅, ∅]; guidance's unconditional branch and a request without a caption must
        // give the network the same input, or ε(x) at sampling is not the ε(x) that was trained.
        using var net = Small(vocabulary: 5);
        using var x = randn(2, 3, 8, 8, generator: new Generator(7));
        using var t = tensor(new long[] { 10, 300 });

        using var none = net.Predict(x, t);
        using var one = net.Predict(x, t, zeros(2, 1, dtype: ScalarType.Int64));
        using var two = net.Predict(x, t, zeros(2, 2, dtype: ScalarType.Int64));

        Assert.True(none.allclose(one, rtol: 0, atol: 1e-6));
        Assert.True(none.allclose(two, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void APaddedCaptionPredictsAsItsWordsAlone()
    {
        using var net = Small(vocabulary: 5);
        using var x = randn(1, 3, 8, 8, generator: new Generator(8));
        using var t = tensor(new long[] { 100 });

        using var word = net.Predict(x, t, tensor(new long[,] { { 3 } }));
        using var padded = net.Predict(x, t, tensor(new long[,] { { 3, 0 } }));

        Assert.True(word.allclose(padded, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void AVelocityNetworkPredictsTheNoiseItsVelocityImplies()
    {
        var schedule = NoiseSchedule.Cosine(50);
        using var net = new DenoiserUNet(new DenoiserConfig(Channels: 3, BaseWidth: 8), velocity: schedule);
        using var x = randn(2, 3, 8, 8, generator: new Generator(9));
        using var t = tensor(new long[] { 3, 40 });   // below the last step, where the schedule clips β at 0.999

        using var v = net.Output(x, t);
        using var epsilon = net.Predict(x, t);

        // ε = √ᾱ v + √(1 − ᾱ) x_t, ᾱ_t from the cosine formula (Nichol & Dhariwal 2021, eq. 17), written out here.
        double F(double s) => Math.Pow(Math.Cos((s / 50 + 0.008) / 1.008 * Math.PI / 2), 2);
        for (var i = 0; i < 2; i++)
        {
            var step = (int)t[i].item<long>();
            var alphaBar = Enumerable.Range(1, step + 1).Aggregate(1.0, (p, s) => p * F(s) / F(s - 1));
            using var expected = Math.Sqrt(alphaBar) * v[i] + Math.Sqrt(1 - alphaBar) * x[i];
            Assert.True(epsilon[i].allclose(expected, rtol: 0, atol: 1e-5));
        }
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
