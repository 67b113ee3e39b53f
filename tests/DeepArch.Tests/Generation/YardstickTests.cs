using DeepArch.Data;
using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class YardstickTests
{
    /// <summary>
    /// A judge whose verdict is written in the image: pixel (0, 0) = k/3 says class k of 4, pixel (0, 1) = 1 says
    /// "sure" (logit 20 for class k, so probability ≈ 1), 0 says "no idea" (uniform probabilities, 0.25).
    /// </summary>
    private sealed class ReadingJudge() : nn.Module<Tensor, Tensor>(nameof(ReadingJudge))
    {
        public override Tensor forward(Tensor x)
        {
            var k = (x[.., 0, 0, 0] * 3).round().to(ScalarType.Int64);          // [N]
            var sure = x[.., 0, 0, 1].unsqueeze(1);                             // [N, 1]
            return nn.functional.one_hot(k, 4).to(ScalarType.Float32) * 20 * sure;   // [N, 4]
        }
    }

    private static Judge ReadingJudgeOf() =>
        new(new ReadingJudge(), x => x.flatten(1), ["a", "b", "c", "d"], (1, 2, 2), [0f], [1f], "test");

    private static Tensor Images(params (int Class, bool Sure)[] verdicts)
    {
        var values = new float[verdicts.Length * 4];
        for (var i = 0; i < verdicts.Length; i++)
        {
            values[4 * i] = verdicts[i].Class / 3f;
            values[4 * i + 1] = verdicts[i].Sure ? 1 : 0;
            values[4 * i + 2] = i % 2;        // some spread, so the features' covariance is not zero
            values[4 * i + 3] = i % 3 / 2f;
        }
        return tensor(values, [verdicts.Length, 1, 2, 2]);
    }

    [Fact]
    public void ConfidentShareHistogramCoverageAndEntropyFollowTheJudgesVerdicts()
    {
        using var real = Images((0, true), (1, true), (2, true), (3, true));
        using var yardstick = new Yardstick(ReadingJudgeOf(), real);
        // Classes 0, 0, 1, 1 sure, 2 unsure: 4 of 5 confident, classes 0 and 1 covered (2 is only a guess).
        using var generated = Images((0, true), (0, true), (1, true), (1, true), (2, false));

        var report = yardstick.Measure(generated);

        Assert.Equal(5, report.Samples);
        Assert.Equal(0.8, report.ConfidentShare, 12);
        Assert.Equal(2, report.ClassesCovered);
        // The unsure image's probabilities are uniform: argmax picks the first class, 0.
        Assert.Equal(new[] { 3, 2, 0, 0 }, report.ClassHistogram);
        var expectedEntropy = -(0.6 * Math.Log2(0.6) + 0.4 * Math.Log2(0.4));
        Assert.Equal(expectedEntropy, report.ClassEntropyBits, 12);
    }

    [Fact]
    public void OneClassOnlyHasZeroEntropy()
    {
        using var real = Images((0, true), (1, true), (2, true), (3, true));
        using var yardstick = new Yardstick(ReadingJudgeOf(), real);
        using var generated = Images((3, true), (3, true), (3, true));

        var report = yardstick.Measure(generated);

        Assert.Equal(0, report.ClassEntropyBits);
        Assert.Equal(1, report.ClassesCovered);
        Assert.Equal(1.0, report.ConfidentShare);
    }

    [Fact]
    public void ImagesOfAnotherSizeThanTheJudgesAreRejectedWithTheExpectedShape()
    {
        using var real = Images((0, true), (1, true));
        using var yardstick = new Yardstick(ReadingJudgeOf(), real);
        using var wrong = zeros(3, 1, 28, 28);

        var error = Assert.Throws<ArgumentException>(() => yardstick.Measure(wrong));

        Assert.Contains("[N, 1, 2, 2]", error.Message);
    }

    [Fact]
    public void TheFrechetDistanceGrowsAsRealImagesAreNoised()
    {
        using var train = Shapes.Generate(600, size: 28, seed: 1, grayscale: true);
        using var test = Shapes.Generate(400, size: 28, seed: 2, grayscale: true);
        using var held = Shapes.Generate(400, size: 28, seed: 3, grayscale: true);
        var judge = Judge.ForShapes(train.Images, epochs: 2, seed: 4);
        using var real = test.Images.ToTensor();
        using var yardstick = new Yardstick(judge, real);
        using var clean = held.Images.ToTensor();
        var generator = new TorchSharp.torch.Generator(5);

        var distances = new[] { 0.0, 0.15, 0.4 }.Select(sigma =>
        {
            using var scope = NewDisposeScope();
            var noisy = (clean + sigma * randn(clean.shape, generator: generator)).clamp(0, 1);
            return yardstick.Measure(noisy).FrechetDistance;
        }).ToArray();

        Assert.True(distances[0] < distances[1] && distances[1] < distances[2], string.Join(" < ", distances));
    }
}
