using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The VAE's loss, the negative evidence lower bound in nats per image, as the VAE literature reports it:
/// « erreur de reconstruction + erreur latente » = −E_q[log p(x|z)] + KL(q(z|x) ‖ N(0, I)).
/// </summary>
public static class VaeLoss
{
    /// <summary>
    /// KL(N(μ, diag σ²) ‖ N(0, I)) per image <c>[B]</c>, in closed form (Kingma &amp; Welling 2014, Appendix B):
    /// −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²).
    /// </summary>
    /// <param name="mean">μ <c>[B, Latent]</c>.</param>
    /// <param name="logVariance">log σ² <c>[B, Latent]</c>.</param>
    public static Tensor KlDivergence(Tensor mean, Tensor logVariance)
    {
        if (mean.dim() != 2 || !mean.shape.SequenceEqual(logVariance.shape))
            throw new ArgumentException(
                $"Expected mean and log-variance of the same shape [B, Latent]; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVariance.shape)}].");
        using var scope = NewDisposeScope();
        return (-0.5 * (1 + logVariance - mean.square() - logVariance.exp()).sum(1)).MoveToOuterDisposeScope();   // [B]
    }

    /// <summary>
    /// −log p(x|z) per image <c>[B]</c> for Bernoulli pixels: the binary cross-entropy between the pixel values
    /// <paramref name="images"/> in [0, 1] and the decoder's probabilities sigmoid(<paramref name="logits"/>), summed over pixels.
    /// </summary>
    public static Tensor ReconstructionNats(Tensor logits, Tensor images)
    {
        if (!logits.shape.SequenceEqual(images.shape) || logits.dim() < 2)
            throw new ArgumentException(
                $"Logits and images must have the same shape [B, ...]; got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", images.shape)}].");
        using var scope = NewDisposeScope();
        var perPixel = nn.functional.binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None);
        return perPixel.flatten(1).sum(1).MoveToOuterDisposeScope();   // [B]
    }
}
