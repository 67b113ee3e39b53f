using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Langevin dynamics: following a score ∇ log p(x) with added noise draws samples of p (Welling &amp; Teh 2011; the
/// sampler of score-based models, Song &amp; Ermon 2019). DDPM's reverse step is one discretisation of the same idea
/// (Song et al. 2021b: both solve the reverse-time SDE).
/// </summary>
public static class Langevin
{
    /// <summary>Runs <paramref name="steps"/> Langevin steps from <paramref name="start"/>.</summary>
    /// <param name="score">∇ log p at points <c>[N, D]</c> → <c>[N, D]</c>.</param>
    /// <param name="start">Starting points <c>[N, D]</c>.</param>
    /// <param name="stepSize">δ &gt; 0.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="generator">Source of the noise.</param>
    /// <returns>The points after the last step, <c>[N, D]</c>.</returns>
    public static Tensor Run(Func<Tensor, Tensor> score, Tensor start, double stepSize, int steps, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(start);
        if (!(stepSize > 0))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var x = start.clone();
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            // Song & Ermon 2019, eq. 4: x_t = x_{t−1} + (δ/2) ∇_x log p(x_{t−1}) + √δ z_t, z_t ~ N(0, I)
            var next = x + stepSize / 2 * score(x) + Math.Sqrt(stepSize) * randn(x.shape, generator: generator);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }
        return x;
    }
}
