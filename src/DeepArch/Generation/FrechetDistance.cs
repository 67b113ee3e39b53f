using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to two sets of feature vectors (Dowson &amp; Landau 1982), the
/// formula of FID (Heusel et al. 2017, eq. 6):
/// <c>d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½)</c>.
/// FID applies it to Inception-v3 features of ImageNet-like images; the course applies it to its own
/// <see cref="Judge"/>'s penultimate features, so its values are not FIDs and compare only with each other.
/// Computed in float64 on the CPU.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The squared Fréchet distance between the Gaussians fitted to <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">Feature vectors <c>[N, D]</c>, N ≥ 2.</param>
    /// <param name="b">Feature vectors <c>[M, D]</c>, M ≥ 2, same D.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double Compute(Tensor a, Tensor b)
    {
        RequireFeatures(a, nameof(a));
        RequireFeatures(b, nameof(b));
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException($"Both sets need features of the same length; got {a.shape[1]} and {b.shape[1]}.", nameof(b));
        using var scope = NewDisposeScope();
        var (meanA, covA) = Statistics(a);
        var (meanB, covB) = Statistics(b);
        return FromStatistics(meanA, covA, meanB, covB);
    }

    /// <summary>The squared Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂).</summary>
    /// <param name="mean1">μ₁ <c>[D]</c>.</param>
    /// <param name="covariance1">Σ₁ <c>[D, D]</c>, symmetric positive semi-definite.</param>
    /// <param name="mean2">μ₂ <c>[D]</c>.</param>
    /// <param name="covariance2">Σ₂ <c>[D, D]</c>, symmetric positive semi-definite.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double FromStatistics(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        var d = mean1.dim() == 1 ? mean1.shape[0] : -1;
        if (d < 1 || !mean2.shape.SequenceEqual([d]) || !covariance1.shape.SequenceEqual([d, d]) || !covariance2.shape.SequenceEqual([d, d]))
            throw new ArgumentException(
                $"Expected means [D] and covariances [D, D]; got [{Join(mean1)}], [{Join(covariance1)}], [{Join(mean2)}], [{Join(covariance2)}].");
        using var scope = NewDisposeScope();
        var m1 = mean1.cpu().to(ScalarType.Float64);
        var m2 = mean2.cpu().to(ScalarType.Float64);
        var s1 = covariance1.cpu().to(ScalarType.Float64);
        var s2 = covariance2.cpu().to(ScalarType.Float64);
        var meanTerm = (m1 - m2).square().sum().item<double>();
        // Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½): the two matrices are similar, and the second is symmetric, so its
        // square root comes from a symmetric eigendecomposition instead of a general (complex) one.
        var root1 = MatrixSquareRoot(s1);
        var inner = root1.mm(s2).mm(root1);
        inner = (inner + inner.t()) / 2;                            // symmetric up to rounding; make it exactly so
        var (eigenvalues, _) = linalg.eigh(inner);
        var traceOfRoot = eigenvalues.clamp_min(0).sqrt().sum().item<double>();
        var distance = meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceOfRoot;
        return Math.Max(distance, 0);                              // rounding can leave −1e−12 for identical sets
    }

    /// <summary>
    /// The principal square root of a symmetric positive semi-definite matrix: the symmetric <c>R</c> with
    /// <c>R R = A</c>, from <c>A = V diag(λ) Vᵀ</c> as <c>V diag(√λ) Vᵀ</c> (negative rounding noise in λ clipped to 0).
    /// </summary>
    /// <param name="matrix">A symmetric positive semi-definite <c>[D, D]</c> matrix.</param>
    /// <returns>R <c>[D, D]</c>, float64, on the CPU.</returns>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static Tensor MatrixSquareRoot(Tensor matrix)
    {
        if (matrix.dim() != 2 || matrix.shape[0] != matrix.shape[1] || matrix.shape[0] < 1)
            throw new ArgumentException($"Expected a square matrix [D, D]; got [{Join(matrix)}].", nameof(matrix));
        using var scope = NewDisposeScope();
        var a = matrix.cpu().to(ScalarType.Float64);
        var (eigenvalues, vectors) = linalg.eigh((a + a.t()) / 2);  // λ [D], V [D, D]
        var root = (vectors * eigenvalues.clamp_min(0).sqrt().unsqueeze(0)).mm(vectors.t());   // V diag(√λ) Vᵀ
        return root.MoveToOuterDisposeScope();
    }

    /// <summary>The mean <c>[D]</c> and unbiased covariance <c>[D, D]</c> of feature vectors <c>[N, D]</c>, in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        RequireFeatures(features, nameof(features));
        using var scope = NewDisposeScope();
        var x = features.detach().cpu().to(ScalarType.Float64);
        var mean = x.mean([0]);                                     // [D]
        var centered = x - mean;                                    // [N, D]
        var covariance = centered.t().mm(centered) / (x.shape[0] - 1);   // [D, D]
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    private static void RequireFeatures(Tensor features, string name)
    {
        ArgumentNullException.ThrowIfNull(features, name);
        if (features.dim() != 2 || features.shape[0] < 2 || features.shape[1] < 1)
            throw new ArgumentException($"Expected at least two feature vectors [N, D]; got [{Join(features)}].", name);
    }

    private static string Join(Tensor t) => string.Join(", ", t.shape);
}
