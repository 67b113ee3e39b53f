using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>What <see cref="ModeCoverage.Measure"/> found.</summary>
/// <param name="Modes">Modes of the target mixture.</param>
/// <param name="ModesCovered">Modes that received at least the required number of high-quality samples.</param>
/// <param name="HighQualityShare">Share of samples within the radius of some mode.</param>
/// <param name="Counts">High-quality samples per mode, by mode index.</param>
public sealed record ModeCoverageReport(int Modes, int ModesCovered, double HighQualityShare, IReadOnlyList<int> Counts)
{
    /// <summary>One line with both figures.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{ModesCovered}/{Modes} modes covered, {HighQualityShare:P1} high-quality samples");
}

/// <summary>
/// Mode coverage of samples from a mixture of Gaussians with known centres, as in the mode-collapse literature
/// (Metz et al. 2017; Srivastava et al., VEEGAN, 2017): a sample is "high quality" when it lies within
/// <c>radius</c> (three standard deviations, say) of its nearest centre, and a mode is covered when it receives at
/// least <c>minimumFairShare</c> of the samples it would receive from the true mixture (N / K each).
/// </summary>
public static class ModeCoverage
{
    /// <summary>The centres of <c>DeepArch.Data.Toy2D.Blobs</c>: <paramref name="modes"/> points at equal angles 2πk/K on a circle, <c>[K, 2]</c>.</summary>
    public static Tensor CircleCenters(int modes = 8, double radius = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modes, 1);
        var points = Enumerable.Range(0, modes)
            .SelectMany(k => new[] { (float)(radius * Math.Cos(2 * Math.PI * k / modes)), (float)(radius * Math.Sin(2 * Math.PI * k / modes)) })
            .ToArray();
        return tensor(points, [modes, 2]);
    }

    /// <summary>Measures samples <c>[N, d]</c> against centres <c>[K, d]</c>.</summary>
    /// <param name="samples">Generated points.</param>
    /// <param name="centers">The mixture's centres.</param>
    /// <param name="radius">Distance to a centre within which a sample counts for it.</param>
    /// <param name="minimumFairShare">Fraction of a mode's fair share N/K it must receive to count as covered.</param>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    public static ModeCoverageReport Measure(Tensor samples, Tensor centers, double radius, double minimumFairShare = 0.1)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(centers);
        if (samples.dim() != 2 || centers.dim() != 2 || samples.shape[1] != centers.shape[1] || samples.shape[0] < 1 || centers.shape[0] < 1)
            throw new ArgumentException(
                $"Mode coverage needs samples [N, d] and centres [K, d]; got [{string.Join(", ", samples.shape)}] and [{string.Join(", ", centers.shape)}].");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        if (minimumFairShare is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(minimumFairShare), minimumFairShare, "The minimum share must lie in (0, 1].");
        using var scope = NewDisposeScope();
        var points = samples.detach().cpu().to(ScalarType.Float64);                     // (N, d)
        var modes = centers.cpu().to(ScalarType.Float64);                                // (K, d)
        var distances = cdist(points, modes);                                            // (N, K)
        var (nearest, index) = distances.min(1);                                         // (N), (N)
        var good = nearest.le(radius);                                                   // (N)
        var k = (int)modes.shape[0];
        var counts = index.masked_select(good).bincount(null, minlength: k).data<long>().Select(c => (int)c).ToArray();
        var n = (int)points.shape[0];
        var required = minimumFairShare * n / k;
        return new ModeCoverageReport(k, counts.Count(c => c > 0 && c >= required), counts.Sum() / (double)n, counts);
    }
}
