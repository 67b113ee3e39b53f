namespace DeepArch.Convolutions;

/// <summary>Smoothing kernels K(u) for <see cref="KernelDensity"/>; each integrates to 1.</summary>
public enum DensityKernel
{
    /// <summary>K(u) = exp(−u²/2) / √(2π).</summary>
    Gaussian,

    /// <summary>The Parzen window K(u) = 1 for |u| &lt; 1/2, else 0.</summary>
    Rectangular,
}

/// <summary>
/// Kernel density estimation, p̂(x) = 1/(N·h) Σₜ K((x − xᵗ)/h) (GIF-4101 §10.1): the convolution of the kernel K
/// (scaled by the bandwidth h) with a Dirac at each sample, divided by N.
/// </summary>
public static class KernelDensity
{
    /// <summary>Evaluates the estimate p̂ at <paramref name="points"/>.</summary>
    /// <param name="samples">The observations xᵗ.</param>
    /// <param name="points">Where to evaluate p̂.</param>
    /// <param name="bandwidth">The bandwidth h &gt; 0: the larger, the smoother.</param>
    /// <param name="kernel">The kernel K.</param>
    /// <exception cref="ArgumentException">No samples, or a bandwidth that is not positive and finite.</exception>
    public static double[] Estimate(IReadOnlyList<double> samples, IReadOnlyList<double> points, double bandwidth,
        DensityKernel kernel = DensityKernel.Gaussian)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(points);
        if (samples.Count == 0)
            throw new ArgumentException("Kernel density estimation needs at least one sample.", nameof(samples));
        if (!(bandwidth > 0) || !double.IsFinite(bandwidth))
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The bandwidth h must be positive and finite.");
        var density = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var sum = 0.0;
            foreach (var sample in samples)
                sum += Evaluate(kernel, (points[i] - sample) / bandwidth);
            density[i] = sum / (samples.Count * bandwidth);
        }
        return density;
    }

    /// <summary>The kernel's value K(u).</summary>
    /// <param name="kernel">Which kernel.</param>
    /// <param name="u">Its argument.</param>
    public static double Evaluate(DensityKernel kernel, double u) => kernel switch
    {
        DensityKernel.Gaussian => Math.Exp(-u * u / 2) / Math.Sqrt(2 * Math.PI),
        DensityKernel.Rectangular => Math.Abs(u) < 0.5 ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown density kernel."),
    };
}
