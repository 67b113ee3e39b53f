using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The Gram matrix of a layer's feature maps, the statistic Gatys, Ecker and Bethge ("Image style transfer using
/// convolutional neural networks", CVPR 2016) take as the <em>style</em> of an image: which channels fire together,
/// wherever they fire, so the layout of the picture is forgotten and its textures are kept.
/// </summary>
public static class GramMatrix
{
    /// <summary>
    /// Gram matrices <c>[B, C, C]</c> of feature maps <c>[B, C, H, W]</c>, averaged over the M = H·W positions:
    /// Ĝ_ij = (1/M) Σ_k F_ik F_jk (Gatys et al. eq. 3, divided by M so images of any size compare).
    /// </summary>
    /// <exception cref="ArgumentException">The features are not a 4-D batch.</exception>
    public static Tensor Compute(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 4 || features.shape[2] * features.shape[3] < 1)
            throw new ArgumentException(
                $"A Gram matrix takes feature maps [batch, channels, height, width]; got [{string.Join(", ", features.shape)}].",
                nameof(features));
        var (b, c, m) = (features.shape[0], features.shape[1], features.shape[2] * features.shape[3]);
        using var scope = NewDisposeScope();
        var f = features.reshape(b, c, m);                         // (B, C, M)
        return f.bmm(f.transpose(1, 2)).div(m).MoveToOuterDisposeScope(); // (B, C, C)
    }
}
