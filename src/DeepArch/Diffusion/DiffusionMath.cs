using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>The closed forms every sampler shares.</summary>
public static class DiffusionMath
{
    /// <summary>
    /// q_sample for every image at its own timestep.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or timesteps do not fit.</exception>
    public static Tensor AddNoise(NoiseSchedule schedule, Tensor x0, Tensor noise, Tensor timesteps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!x0.shape.SequenceEqual(noise.shape))
            throw new ArgumentException($"The noise must be shaped as x0 [{string.Join(", ", x0.shape)}]; got [{string.Join(", ", noise.shape)}].");
        if (timesteps.dim() != 1 || timesteps.shape[0] != x0.shape[0])
            throw new ArgumentException($"Give one timestep per sample: int64 [{x0.shape[0]}]; got [{string.Join(", ", timesteps.shape)}].");
        using var scope = NewDisposeScope();
        var t = timesteps.to(ScalarType.Int64);
        if (t.min().item<long>() < 0 || t.max().item<long>() >= schedule.Steps)
            throw new ArgumentOutOfRangeException(nameof(timesteps), $"Timesteps run from 0 to {schedule.Steps - 1}.");
        var alphaBar = schedule.AlphaBarAt(t, x0);                       // [B, 1, …, 1]
        // Ho et al. 2020, eq. 4: q(x_t | x_0) = N(x_t; √ᾱ_t x_0, (1 − ᾱ_t) I), so x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε
        return (alphaBar.sqrt() * x0 + (1 - alphaBar).sqrt() * noise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The clean image the network's noise implies: x̂_0 = (x_t − √(1 − ᾱ_t) ε̂) / √ᾱ_t (eq. 4 solved for x_0; Ho et al.
    /// 2020 eq. 15, Song et al. 2021 eq. 9's "predicted x_0").
    /// </summary>
    public static Tensor PredictX0(NoiseSchedule schedule, Tensor epsilon, int t, Tensor xt)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        RequireSameShape(epsilon, xt);
        var alphaBar = schedule.AlphaBars[schedule.Check(t)];
        // Song et al. 2021, eq. 12, first term: (x_t − √(1 − α_t) ε_θ(x_t)) / √α_t  (their α is our ᾱ)
        return (xt - Math.Sqrt(1 - alphaBar) * epsilon) / Math.Sqrt(alphaBar);
    }

    /// <summary>The score the noise prediction implies: ∇ log q(x_t) ≈ −ε̂ / σ_t, σ_t = √(1 − ᾱ_t) (Song et al. 2021b, score SDEs).</summary>
    public static Tensor Score(NoiseSchedule schedule, Tensor epsilon, int t)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // x_t = √ᾱ x_0 + σ_t ε  ⇒  ∇_{x_t} log q(x_t | x_0) = −(x_t − √ᾱ x_0)/σ_t² = −ε/σ_t
        return -epsilon / schedule.Sigma(t);
    }

    internal static void RequireSameShape(Tensor epsilon, Tensor xt)
    {
        if (!epsilon.shape.SequenceEqual(xt.shape))
            throw new ArgumentException(
                $"ε̂ must be shaped as x_t [{string.Join(", ", xt.shape)}]; got [{string.Join(", ", epsilon.shape)}].");
    }
}
