using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>
/// The PatchGAN discriminator of pix2pix (Isola et al. 2017, §3.2.2): a small fully convolutional network that sees the
/// condition and an image side by side and says "real" or "fake" for each patch rather than for the whole image, so
/// it judges local texture and sharpness and leaves the large-scale agreement to the L1 term. Here two stride-2
/// 4×4 convolutions (LeakyReLU 0.2, batch normalisation on the second) and a 3×3 convolution to one logit per
/// position: each logit sees a 16×16 patch, a grid of (H/4)×(W/4) of them.
/// </summary>
public sealed class PatchGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly long _channels;

    /// <summary>Builds the discriminator for condition and image channels together (e.g. 1 + 3).</summary>
    public PatchGanDiscriminator(int channels, int width = 32) : base(nameof(PatchGanDiscriminator))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _channels = channels;
        long w = width;
        layers = Sequential(
            ("down1", Conv2d(channels, w, kernel_size: 4, stride: 2, padding: 1)),             // (B, w, H/2, W/2)
            ("lrelu1", LeakyReLU(0.2)),
            ("down2", Conv2d(w, 2 * w, kernel_size: 4, stride: 2, padding: 1, bias: false)),  // (B, 2w, H/4, W/4)
            ("norm2", BatchNorm2d(2 * w)),
            ("lrelu2", LeakyReLU(0.2)),
            ("patch", Conv2d(2 * w, 1, kernel_size: 3, padding: 1)));                          // (B, 1, H/4, W/4)
        RegisterComponents();
    }

    /// <summary>Patch logits <c>[B, 1, H/4, W/4]</c> for condition and image concatenated along channels <c>[B, channels, H, W]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not shaped as expected.</exception>
    public override Tensor forward(Tensor pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.dim() != 4 || pair.shape[1] != _channels || pair.shape[2] < 4 || pair.shape[3] < 4 || pair.shape[2] % 4 != 0 || pair.shape[3] % 4 != 0)
            throw new ArgumentException(
                $"PatchGanDiscriminator expects [batch, {_channels}, height, width] with height and width multiples of 4; got [{string.Join(", ", pair.shape)}].",
                nameof(pair));
        return layers.call(pair);
    }
}
