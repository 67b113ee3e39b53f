using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Ancestral sampling of Ho et al. 2020 (Algorithm 2): all T steps, each drawing fresh noise, with the posterior
/// variance β̃_t of eq. 7. The network's x̂_0 can be clipped to [−1, 1] before the posterior mean is formed (as
/// diffusers does by default), which keeps a briefly trained model's samples in range.
/// </summary>
public sealed class DdpmSampler : IDiffusionSampler
{
    /// <summary>Wraps <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule the network was trained with.</param>
    /// <param name="clipSample">Clip x̂_0 to [−1, 1] (off: exactly eq. 11).</param>
    public DdpmSampler(NoiseSchedule schedule, bool clipSample = true)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        ClipSample = clipSample;
        Timesteps = Enumerable.Range(0, schedule.Steps).Reverse().ToArray();
    }

    /// <inheritdoc />
    public NoiseSchedule Schedule { get; }

    /// <summary>Whether x̂_0 is clipped to [−1, 1].</summary>
    public bool ClipSample { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Timesteps { get; }

    /// <inheritdoc />
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps) => DiffusionMath.AddNoise(Schedule, x0, noise, timesteps);

    /// <inheritdoc />
    public int Previous(int t) => Schedule.Check(t) - 1;

    /// <inheritdoc />
    public Tensor Step(Tensor epsilon, int t, Tensor xt, Generator? generator = null) =>
        Step(epsilon, t, xt, t > 0 ? randn(xt.shape, dtype: xt.dtype, device: xt.device, generator: generator) : null);

    /// <summary>p_sample with the given fresh noise z ~ N(0, I) (ignored, and may be null, at t = 0).</summary>
    public Tensor Step(Tensor epsilon, int t, Tensor xt, Tensor? noise)
    {
        DiffusionMath.RequireSameShape(epsilon, xt);
        Schedule.Check(t);
        using var scope = NewDisposeScope();
        var beta = Schedule.Betas[t];
        var alphaBar = Schedule.AlphaBars[t];
        var alphaBarPrevious = t > 0 ? Schedule.AlphaBars[t - 1] : 1.0;
        var x0 = DiffusionMath.PredictX0(Schedule, epsilon, t, xt);
        if (ClipSample)
            x0 = x0.clamp(-1, 1);
        // Ho et al. 2020, eq. 7: μ̃_t(x_t, x_0) = √ᾱ_{t−1} β_t / (1 − ᾱ_t) · x_0 + √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · x_t
        // (with x̂_0 from eq. 15 unclipped, this is eq. 11: (x_t − β_t / √(1 − ᾱ_t) · ε̂) / √α_t)
        var mean = Math.Sqrt(alphaBarPrevious) * beta / (1 - alphaBar) * x0
            + Math.Sqrt(Schedule.Alphas[t]) * (1 - alphaBarPrevious) / (1 - alphaBar) * xt;
        if (t == 0)
            return mean.MoveToOuterDisposeScope();
        ArgumentNullException.ThrowIfNull(noise);
        // Ho et al. 2020, eq. 7: β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t; Algorithm 2, line 4: x_{t−1} = μ + σ_t z
        var sigma = Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar) * beta);
        return (mean + sigma * noise).MoveToOuterDisposeScope();
    }
}
