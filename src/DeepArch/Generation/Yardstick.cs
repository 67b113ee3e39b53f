using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>What the yardstick measured on a batch of generated images.</summary>
/// <param name="Samples">Images measured.</param>
/// <param name="ConfidentShare">Share the judge classifies with probability ≥ <see cref="Judge.ConfidenceThreshold"/>.</param>
/// <param name="ClassHistogram">How many images the judge puts in each class (its most probable one), by class index.</param>
/// <param name="ClassesCovered">Classes that receive at least one confidently classified image.</param>
/// <param name="ClassEntropyBits">Entropy of the class histogram in bits: log₂ K when every class is equally frequent, 0 for one class.</param>
/// <param name="FrechetDistance">Squared Fréchet distance between the judge's penultimate features of these images and of
/// the real test images (FID's formula on the course's judge, not Inception: comparable only within the course).</param>
public sealed record YardstickReport(
    int Samples, double ConfidentShare, IReadOnlyList<int> ClassHistogram, int ClassesCovered, double ClassEntropyBits, double FrechetDistance)
{
    /// <summary>One line: the four figures.</summary>
    public override string ToString() =>
        FormattableString.Invariant(
            $"{Samples} images: {ConfidentShare:P1} confident, {ClassesCovered}/{ClassHistogram.Count} classes covered, ") +
        FormattableString.Invariant($"class entropy {ClassEntropyBits:0.00} bits, Fréchet distance (judge features) {FrechetDistance:0.00}");

    /// <summary>The figures under snake_case names with a prefix, as recipes report them in <c>--json</c>.</summary>
    public IReadOnlyDictionary<string, double> ToFigures(string prefix = "yardstick_") => new Dictionary<string, double>
    {
        [prefix + "samples"] = Samples,
        [prefix + "confident_share"] = ConfidentShare,
        [prefix + "classes_covered"] = ClassesCovered,
        [prefix + "class_entropy_bits"] = ClassEntropyBits,
        [prefix + "frechet_distance"] = FrechetDistance,
    };
}

/// <summary>
/// One scale for every generative model of the course (AE, VAE, GAN, diffusion): a <see cref="Judge"/> trained on the real
/// data says how many generated images it recognises with confidence, which classes they cover and how evenly, and how
/// far the distribution of its penultimate features lies from that of real test images (<see cref="FrechetDistance"/>).
/// The real images' feature statistics are computed once, here.
/// </summary>
public sealed class Yardstick : IDisposable
{
    private readonly Tensor _realMean;
    private readonly Tensor _realCovariance;

    /// <summary>Prepares the yardstick.</summary>
    /// <param name="judge">The judge.</param>
    /// <param name="realImages">Real test images <c>[M, C, H, W]</c> in [0, 1], M ≥ 2 (a thousand or more for a stable distance).</param>
    public Yardstick(Judge judge, Tensor realImages)
    {
        ArgumentNullException.ThrowIfNull(judge);
        Judge = judge;
        using var features = judge.Features(realImages);
        (_realMean, _realCovariance) = Generation.FrechetDistance.Statistics(features);
        RealSamples = (int)realImages.shape[0];
    }

    /// <summary>The judge.</summary>
    public Judge Judge { get; }

    /// <summary>Real images the distance compares with.</summary>
    public int RealSamples { get; }

    /// <summary>Measures generated images <c>[N, C, H, W]</c> in [0, 1], N ≥ 2.</summary>
    /// <exception cref="ArgumentException">The images are not shaped as the judge's.</exception>
    public YardstickReport Measure(Tensor generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        using var scope = NewDisposeScope();
        var probabilities = Judge.Probabilities(generated);                 // [N, K]
        var (confidence, predicted) = probabilities.max(1);                // [N], [N]
        var confident = confidence.ge(Judge.ConfidenceThreshold);          // [N]
        var classes = Judge.Classes.Count;
        var histogram = predicted.bincount(null, minlength: classes).data<long>().Select(count => (int)count).ToArray();
        var covered = predicted.masked_select(confident).unique().Item1.numel();
        var samples = (int)generated.shape[0];
        var entropy = -histogram.Where(count => count > 0).Sum(count => (double)count / samples * Math.Log2((double)count / samples));
        var (mean, covariance) = Generation.FrechetDistance.Statistics(Judge.Features(generated));
        var distance = Generation.FrechetDistance.FromStatistics(mean, covariance, _realMean, _realCovariance);
        return new YardstickReport(samples, confident.to(ScalarType.Float64).mean().item<double>(), histogram, (int)covered,
            entropy == 0 ? 0 : entropy, distance);
    }

    /// <summary>Releases the real images' statistics.</summary>
    public void Dispose()
    {
        _realMean.Dispose();
        _realCovariance.Dispose();
    }
}
