using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Two-dimensional toy classification sets for decision-boundary plots. Each returns <see cref="Samples"/> with
/// <c>Inputs</c> <c>float32 [N, 2]</c> and <c>Targets</c> <c>int64 [N]</c>, classes as balanced as N allows, in
/// shuffled order; the same seed gives the same points.
/// </summary>
public static class Toy2D
{
    /// <summary>
    /// Interleaved spiral arms (the CS231n example), not linearly separable. Arm <c>k</c> at parameter
    /// <c>t ∈ [0, 1]</c> is the point at radius <c>t</c> and angle <c>2πk/K + 4t</c>, the angle jittered by
    /// <paramref name="noise"/>·N(0, 1).
    /// </summary>
    public static Samples Spirals(int count, int classes = 2, double noise = 0.2, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        return Generate(count, classes, seed, (random, k) =>
        {
            var t = random.NextDouble();
            var angle = 2 * Math.PI * k / classes + 4 * t + noise * random.Gaussian();
            return (t * Math.Cos(angle), t * Math.Sin(angle));
        });
    }

    /// <summary>
    /// Two interleaving half circles: class 0 on <c>(cos θ, sin θ)</c>, class 1 on <c>(1 − cos θ, ½ − sin θ)</c>,
    /// θ uniform in [0, π], plus <paramref name="noise"/>·N(0, 1) on each coordinate.
    /// </summary>
    public static Samples Moons(int count, double noise = 0.1, int seed = Seeding.DefaultSeed) =>
        Generate(count, 2, seed, (random, k) =>
        {
            var theta = random.Uniform(0, Math.PI);
            var (x, y) = k == 0 ? (Math.Cos(theta), Math.Sin(theta)) : (1 - Math.Cos(theta), 0.5 - Math.Sin(theta));
            return (x + noise * random.Gaussian(), y + noise * random.Gaussian());
        });

    /// <summary>
    /// Two concentric circles: class 0 of radius 1, class 1 of radius <paramref name="factor"/>, plus
    /// <paramref name="noise"/>·N(0, 1) on each coordinate.
    /// </summary>
    public static Samples Circles(int count, double factor = 0.5, double noise = 0.05, int seed = Seeding.DefaultSeed)
    {
        if (factor is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The inner circle's radius must lie strictly between 0 and 1.");
        return Generate(count, 2, seed, (random, k) =>
        {
            var theta = random.Uniform(0, 2 * Math.PI);
            var radius = k == 0 ? 1 : factor;
            return (radius * Math.Cos(theta) + noise * random.Gaussian(), radius * Math.Sin(theta) + noise * random.Gaussian());
        });
    }

    /// <summary>
    /// Isotropic Gaussian blobs of standard deviation <paramref name="spread"/>, centred on a circle of radius
    /// <paramref name="radius"/> at equal angles (centre of class <c>k</c> at angle <c>2πk/K</c>).
    /// </summary>
    public static Samples Blobs(int count, int centers = 3, double spread = 1.0, double radius = 4.0, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(centers, 2);
        return Generate(count, centers, seed, (random, k) =>
        {
            var angle = 2 * Math.PI * k / centers;
            return (radius * Math.Cos(angle) + spread * random.Gaussian(), radius * Math.Sin(angle) + spread * random.Gaussian());
        });
    }

    /// <summary>Sample <c>i</c> belongs to class <c>i mod K</c>; the order is shuffled afterwards.</summary>
    private static Samples Generate(int count, int classes, int seed, Func<Random, int, (double X, double Y)> draw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var samples = new List<(double X, double Y, int Label)>(count);
        for (var i = 0; i < count; i++)
        {
            var (x, y) = draw(random, i % classes);
            samples.Add((x, y, i % classes));
        }
        random.Shuffle(samples);
        var points = samples.SelectMany(s => new[] { (float)s.X, (float)s.Y }).ToArray();
        var labels = samples.Select(s => (long)s.Label).ToArray();
        return new Samples(tensor(points, new long[] { count, 2 }), tensor(labels, new long[] { count }));
    }
}
