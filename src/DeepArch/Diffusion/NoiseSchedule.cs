using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// The forward process's noise schedule ("ajouter successivement un bruit léger … selon une cédule"): the variances
/// β_1 … β_T of Ho et al. 2020 and the quantities derived from them, α_t = 1 − β_t and ᾱ_t = ∏_{s ≤ t} α_s. Timesteps
/// are indexed from 0 (the paper's t = 1) to T − 1 (the paper's t = T). Knows nothing of the network (diffusers'
/// separation); <see cref="IDiffusionSampler"/>s read it.
/// </summary>
public sealed class NoiseSchedule
{
    private NoiseSchedule(string name, double[] betas)
    {
        Name = name;
        Betas = betas;
        Alphas = betas.Select(beta => 1 - beta).ToArray();
        var alphaBars = new double[betas.Length];
        var product = 1.0;
        for (var t = 0; t < betas.Length; t++)
        {
            // ᾱ_t = ∏_{s=1}^{t} α_s (Ho et al. 2020, notation above eq. 4)
            product *= Alphas[t];
            alphaBars[t] = product;
        }
        AlphaBars = alphaBars;
    }

    /// <summary>"linear" or "cosine".</summary>
    public string Name { get; }

    /// <summary>Number of diffusion steps T.</summary>
    public int Steps => Betas.Count;

    /// <summary>β_t, the variance of the noise step t adds.</summary>
    public IReadOnlyList<double> Betas { get; }

    /// <summary>α_t = 1 − β_t.</summary>
    public IReadOnlyList<double> Alphas { get; }

    /// <summary>ᾱ_t = ∏_{s ≤ t} α_s: x_t keeps √ᾱ_t of the signal and receives noise of variance 1 − ᾱ_t.</summary>
    public IReadOnlyList<double> AlphaBars { get; }

    /// <summary>
    /// The linear schedule of Ho et al. 2020 (§4: β from 10⁻⁴ to 0.02 over T = 1000), rescaled by 1000 / T so that a
    /// shorter chain ends as noisy as theirs.
    /// </summary>
    /// <param name="steps">T, at least 2.</param>
    /// <param name="betaStart">β_1 for T = 1000.</param>
    /// <param name="betaEnd">β_T for T = 1000.</param>
    public static NoiseSchedule Linear(int steps = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var scale = 1000.0 / steps;
        var (start, end) = (betaStart * scale, Math.Min(betaEnd * scale, 0.999));
        return new NoiseSchedule("linear", Enumerable.Range(0, steps).Select(t => start + (end - start) * t / (steps - 1)).ToArray());
    }

    /// <summary>
    /// The cosine schedule of Nichol &amp; Dhariwal 2021 (eq. 17): ᾱ_t = f(t) / f(0), f(t) = cos²((t/T + s)/(1 + s) · π/2),
    /// β_t = 1 − ᾱ_t / ᾱ_{t−1} clipped at 0.999; it destroys information more slowly than the linear one at the start.
    /// </summary>
    /// <param name="steps">T, at least 2.</param>
    /// <param name="offset">s, which keeps β_1 from being vanishingly small (0.008 in the paper).</param>
    public static NoiseSchedule Cosine(int steps = 1000, double offset = 0.008)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        double F(double t) => Math.Pow(Math.Cos((t / steps + offset) / (1 + offset) * Math.PI / 2), 2);
        // Paper's t = 1 … T is our index 0 … T − 1.
        return new NoiseSchedule("cosine",
            Enumerable.Range(1, steps).Select(t => Math.Min(1 - F(t) / F(t - 1), 0.999)).ToArray());
    }

    /// <summary>The schedule called <paramref name="name"/> (linear or cosine) with <paramref name="steps"/> steps.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static NoiseSchedule Create(string name, int steps) => name.Trim().ToLowerInvariant() switch
    {
        "linear" => Linear(steps),
        "cosine" => Cosine(steps),
        _ => throw new ArgumentException($"Unknown noise schedule '{name}': use linear or cosine.", nameof(name)),
    };

    /// <summary>q_sample: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for each sample's timestep (see <see cref="DiffusionMath.AddNoise"/>).</summary>
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps) => DiffusionMath.AddNoise(this, x0, noise, timesteps);

    /// <summary>Signal-to-noise ratio of x_t, SNR(t) = ᾱ_t / (1 − ᾱ_t) (Kingma et al. 2021).</summary>
    public double SignalToNoise(int t) => AlphaBars[Check(t)] / (1 - AlphaBars[t]);

    /// <summary>σ_t = √(1 − ᾱ_t), the standard deviation of the noise in x_t.</summary>
    public double Sigma(int t) => Math.Sqrt(1 - AlphaBars[Check(t)]);

    /// <summary>ᾱ at each of <paramref name="timesteps"/> (int64 <c>[B]</c>), as float32 <c>[B, 1, …, 1]</c> broadcasting over <paramref name="like"/>.</summary>
    internal Tensor AlphaBarAt(Tensor timesteps, Tensor like)
    {
        using var table = tensor(AlphaBars.Select(value => (float)value).ToArray(), device: timesteps.device);
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = timesteps.shape[0];
        return table.index_select(0, timesteps).reshape(shape).to(like.dtype);   // [B, 1, …, 1]
    }

    internal int Check(int t)
    {
        if (t < 0 || t >= Steps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Timesteps run from 0 to {Steps - 1} for this schedule of T = {Steps}.");
        return t;
    }
}
