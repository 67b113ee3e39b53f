using DeepArch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class SyntheticTests
{
    [Fact]
    public void ToySetsAreDeterministicBySeedAndBalanced()
    {
        foreach (var make in new Func<int, Samples>[]
                 {
                     seed => Toy2D.Spirals(301, classes: 3, seed: seed), seed => Toy2D.Moons(301, seed: seed),
                     seed => Toy2D.Circles(301, seed: seed), seed => Toy2D.Blobs(301, centers: 4, seed: seed),
                 })
        {
            using var a = make(1);
            using var b = make(1);
            using var c = make(2);
            Assert.Equal(a.Inputs.bytes.ToArray(), b.Inputs.bytes.ToArray());
            Assert.Equal(a.Targets.data<long>().ToArray(), b.Targets.data<long>().ToArray());
            Assert.NotEqual(a.Inputs.bytes.ToArray(), c.Inputs.bytes.ToArray());
            Assert.Equal([301L, 2], a.Inputs.shape);
            var counts = a.Targets.data<long>().ToArray().CountBy(label => label).Select(pair => pair.Value).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1);
        }
    }

    [Fact]
    public void NoiselessMoonsLieOnTheirHalfCircles()
    {
        using var moons = Toy2D.Moons(200, noise: 0, seed: 3);
        foreach (var (x, y, label) in Points(moons))
        {
            // Class 0: unit circle, upper half. Class 1: unit circle about (1, 0.5), lower half.
            var (cx, cy, upper) = label == 0 ? (0.0, 0.0, true) : (1.0, 0.5, false);
            Assert.Equal(1.0, Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)), precision: 5);
            Assert.True(upper ? y >= -1e-6 : y <= 0.5 + 1e-6);
        }
    }

    [Fact]
    public void NoiselessCirclesHaveTheirRadiiAndSpiralsTheirAngles()
    {
        using var circles = Toy2D.Circles(100, factor: 0.3, noise: 0, seed: 4);
        foreach (var (x, y, label) in Points(circles))
            Assert.Equal(label == 0 ? 1.0 : 0.3, Math.Sqrt(x * x + y * y), precision: 5);

        using var spirals = Toy2D.Spirals(90, classes: 3, noise: 0, seed: 5);
        foreach (var (x, y, label) in Points(spirals))
        {
            // Point at radius t lies at angle 2πk/3 + 4t (mod 2π).
            var t = Math.Sqrt(x * x + y * y);
            var expected = 2 * Math.PI * label / 3 + 4 * t;
            var difference = Math.IEEERemainder(Math.Atan2(y, x) - expected, 2 * Math.PI);
            Assert.True(t < 1e-3 || Math.Abs(difference) < 1e-3, $"point ({x}, {y}) of arm {label} is {difference} rad off");
        }
    }

    [Fact]
    public void TightBlobsAreNearestToTheirOwnCentre()
    {
        using var blobs = Toy2D.Blobs(120, centers: 5, spread: 0.2, radius: 3, seed: 6);
        foreach (var (x, y, label) in Points(blobs))
        {
            var nearest = Enumerable.Range(0, 5).MinBy(k =>
                Math.Pow(x - 3 * Math.Cos(2 * Math.PI * k / 5), 2) + Math.Pow(y - 3 * Math.Sin(2 * Math.PI * k / 5), 2));
            Assert.Equal(label, nearest);
        }
    }

    [Fact]
    public void NoiselessSineSeriesFollowTheSineRecurrenceIntoTheirTargets()
    {
        using var series = DeepArch.Data.Sequences.NoisySine(20, length: 30, horizon: 5, noise: 0, seed: 7);
        Assert.Equal([20L, 30, 1], series.Inputs.shape);
        Assert.Equal([20L, 5, 1], series.Targets.shape);
        using var whole = cat([series.Inputs, series.Targets], 1).squeeze(2).to_type(ScalarType.Float64);   // [N, 35]
        var values = whole.data<double>().ToArray();
        for (var n = 0; n < 20; n++)
        {
            var x = values.AsSpan(n * 35, 35);
            // A sine satisfies x[t+1] + x[t-1] = 2cos(ω)·x[t]; estimate 2cos(ω) by least squares, then check every step.
            double numerator = 0, denominator = 0;
            for (var t = 1; t < 34; t++)
            {
                numerator += (x[t + 1] + x[t - 1]) * x[t];
                denominator += x[t] * x[t];
            }
            var c = numerator / denominator;
            Assert.InRange(c, 2 * Math.Cos(0.6) - 1e-3, 2 * Math.Cos(0.1) + 1e-3);
            for (var t = 1; t < 34; t++)
                Assert.Equal(c * x[t], x[t + 1] + x[t - 1], precision: 4);
        }
    }

    [Fact]
    public void NoiseHasTheRequestedSpread()
    {
        using var clean = DeepArch.Data.Sequences.NoisySine(200, length: 40, noise: 0, seed: 8);
        using var noisy = DeepArch.Data.Sequences.NoisySine(200, length: 40, noise: 0.3, seed: 8);
        using var difference = noisy.Inputs.sub(clean.Inputs);

        // Same seed, same waves: the difference is the noise alone, 8,000 draws of σ = 0.3.
        Assert.InRange(difference.std().item<float>(), 0.29f, 0.31f);
        Assert.InRange(difference.mean().item<float>(), -0.01f, 0.01f);
    }

    private static IEnumerable<(double X, double Y, long Label)> Points(Samples samples)
    {
        var points = samples.Inputs.data<float>().ToArray();
        var labels = samples.Targets.data<long>().ToArray();
        for (var i = 0; i < labels.Length; i++)
            yield return (points[2 * i], points[2 * i + 1], labels[i]);
    }
}
