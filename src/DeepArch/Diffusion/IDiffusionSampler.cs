using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// What a diffusion sampler offers (diffusers' scheduler interface, labml's names): the forward process in closed form,
/// <see cref="AddNoise"/> (q_sample), and one step of the reverse process, <see cref="Step"/> (p_sample), given the
/// network's noise prediction ε̂. It knows nothing of the network; <see cref="ReverseProcess"/> joins the two.
/// </summary>
public interface IDiffusionSampler
{
    /// <summary>The noise schedule.</summary>
    NoiseSchedule Schedule { get; }

    /// <summary>The timesteps the reverse process visits, from the noisiest down to 0.</summary>
    IReadOnlyList<int> Timesteps { get; }

    /// <summary>
    /// q_sample: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for each image's own timestep.
    /// </summary>
    /// <param name="x0">Clean data <c>[B, …]</c> (images scaled to [−1, 1]).</param>
    /// <param name="noise">ε ~ N(0, I), shaped as <paramref name="x0"/>.</param>
    /// <param name="timesteps">int64 <c>[B]</c>, each in 0 … T − 1.</param>
    Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps);

    /// <summary>
    /// p_sample: x at the timestep after <paramref name="t"/> in <see cref="Timesteps"/> (or the final sample when
    /// <paramref name="t"/> is the last one), from x_t and the predicted noise ε̂.
    /// </summary>
    /// <param name="epsilon">ε̂(x_t, t), shaped as <paramref name="xt"/>.</param>
    /// <param name="t">A timestep of <see cref="Timesteps"/>.</param>
    /// <param name="xt">x_t <c>[B, …]</c>.</param>
    /// <param name="generator">Source of the step's fresh noise (stochastic samplers); <c>null</c> for torch's global one.</param>
    Tensor Step(Tensor epsilon, int t, Tensor xt, Generator? generator = null);

    /// <summary>
    /// The timestep the reverse process reaches from <paramref name="t"/>, or −1 when <paramref name="t"/> is the last.
    /// </summary>
    int Previous(int t);
}
