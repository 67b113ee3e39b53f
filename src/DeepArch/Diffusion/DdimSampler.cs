using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// DDIM (Song, Meng &amp; Ermon 2021): the same trained network, a non-Markovian reverse process that may visit only a
/// sub-sequence τ of the T timesteps; η = 0 makes it deterministic, η = 1 gives DDPM's variance back.
/// </summary>
public sealed class DdimSampler : IDiffusionSampler
{
    private readonly Dictionary<int, int> _previous;

    /// <summary>Builds the sampler.</summary>
    /// <param name="schedule">The schedule the network was trained with.</param>
    /// <param name="steps">Steps S of the sub-sequence τ (1 … T): evenly spaced timesteps ⌊iT/S⌋, i = S − 1 … 0.</param>
    /// <param name="eta">η ≥ 0 (Song et al. 2021, eq. 16): 0 deterministic, 1 DDPM-like.</param>
    /// <param name="clipSample">Clip x̂_0 to [−1, 1] (and re-derive ε̂ from it).</param>
    /// <exception cref="ArgumentOutOfRangeException">Steps or η out of range.</exception>
    public DdimSampler(NoiseSchedule schedule, int steps, double eta = 0, bool clipSample = true)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (steps < 1 || steps > schedule.Steps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"DDIM takes 1 to T = {schedule.Steps} steps.");
        if (!(eta >= 0) || !double.IsFinite(eta))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be a finite number ≥ 0.");
        Schedule = schedule;
        Eta = eta;
        ClipSample = clipSample;
        // τ: S timesteps evenly spread over 0 … T − 1, visited from the noisiest.
        Timesteps = Enumerable.Range(0, steps).Select(i => (int)((long)i * schedule.Steps / steps)).Reverse().ToArray();
        _previous = Timesteps.Select((t, i) => (t, i + 1 < Timesteps.Count ? Timesteps[i + 1] : -1)).ToDictionary(p => p.t, p => p.Item2);
    }

    /// <inheritdoc />
    public NoiseSchedule Schedule { get; }

    /// <summary>η of eq. 16.</summary>
    public double Eta { get; }

    /// <summary>Whether x̂_0 is clipped to [−1, 1].</summary>
    public bool ClipSample { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Timesteps { get; }

    /// <inheritdoc />
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps) => DiffusionMath.AddNoise(Schedule, x0, noise, timesteps);

    /// <inheritdoc />
    public int Previous(int t) => _previous.TryGetValue(t, out var previous)
        ? previous
        : throw new ArgumentOutOfRangeException(nameof(t), t, $"{t} is not one of this DDIM sampler's {Timesteps.Count} timesteps.");

    /// <inheritdoc />
    public Tensor Step(Tensor epsilon, int t, Tensor xt, Generator? generator = null) =>
        Step(epsilon, t, xt, Eta > 0 && Previous(t) >= 0 ? randn(xt.shape, dtype: xt.dtype, device: xt.device, generator: generator) : null);

    /// <summary>One DDIM step with the given fresh noise z (unused, and may be null, when η = 0 or at the last step).</summary>
    public Tensor Step(Tensor epsilon, int t, Tensor xt, Tensor? noise)
    {
        DiffusionMath.RequireSameShape(epsilon, xt);
        var previous = Previous(t);
        using var scope = NewDisposeScope();
        var alphaBar = Schedule.AlphaBars[t];
        var alphaBarPrevious = previous >= 0 ? Schedule.AlphaBars[previous] : 1.0;
        var x0 = DiffusionMath.PredictX0(Schedule, epsilon, t, xt);
        if (ClipSample)
        {
            x0 = x0.clamp(-1, 1);
            // the noise consistent with the clipped x̂_0 (eq. 4 solved for ε)
            epsilon = (xt - Math.Sqrt(alphaBar) * x0) / Math.Sqrt(1 - alphaBar);
        }
        // Song et al. 2021, eq. 16: σ_τi(η) = η √((1 − α_{τi−1}) / (1 − α_τi)) √(1 − α_τi / α_{τi−1})  (their α is our ᾱ)
        var sigma = Eta * Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar)) * Math.Sqrt(1 - alphaBar / alphaBarPrevious);
        // Song et al. 2021, eq. 12: x_{t−1} = √α_{t−1} x̂_0 + √(1 − α_{t−1} − σ_t²) ε_θ(x_t) + σ_t ε_t
        var next = Math.Sqrt(alphaBarPrevious) * x0 + Math.Sqrt(Math.Max(1 - alphaBarPrevious - sigma * sigma, 0)) * epsilon;
        if (sigma > 0)
        {
            ArgumentNullException.ThrowIfNull(noise);
            next = next + sigma * noise;
        }
        return next.MoveToOuterDisposeScope();
    }
}
