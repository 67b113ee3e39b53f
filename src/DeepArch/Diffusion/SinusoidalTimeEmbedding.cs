using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// The noise level as the network receives it ("reçoit le niveau de bruit actuel"): the Transformer's sinusoidal
/// position encoding (Vaswani et al. 2017, §3.5) applied to the timestep, as Ho et al. 2020 (§4, Appendix B) do.
/// </summary>
public static class SinusoidalTimeEmbedding
{
    /// <summary>Embeds timesteps <c>[B]</c> (any numeric type) into float32 <c>[B, dimension]</c>.</summary>
    /// <param name="timesteps">Timesteps, one per sample.</param>
    /// <param name="dimension">An even embedding size ≥ 2.</param>
    /// <exception cref="ArgumentException">The timesteps are not a vector, or the dimension is odd or too small.</exception>
    public static Tensor Embed(Tensor timesteps, int dimension)
    {
        if (timesteps.dim() != 1)
            throw new ArgumentException($"Give timesteps as a vector [B]; got [{string.Join(", ", timesteps.shape)}].", nameof(timesteps));
        if (dimension < 2 || dimension % 2 != 0)
            throw new ArgumentException($"The embedding size must be even and at least 2; got {dimension}.", nameof(dimension));
        using var scope = NewDisposeScope();
        var half = dimension / 2;
        // PE(t, 2i) = sin(t / 10000^{2i/d}), PE(t, 2i+1) = cos(t / 10000^{2i/d}) (Vaswani et al. 2017, §3.5; halves concatenated)
        var frequencies = exp(arange(half, dtype: ScalarType.Float32, device: timesteps.device) * (-Math.Log(10000.0) / half)); // [d/2]
        var angles = timesteps.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);   // [B, d/2]
        return cat([sin(angles), cos(angles)], 1).MoveToOuterDisposeScope();                    // [B, d]
    }
}
