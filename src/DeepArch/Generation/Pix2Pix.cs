using DeepArch.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>Configuration of <see cref="Pix2Pix"/>.</summary>
/// <param name="InputChannels">Channels of the condition (1 for a mask).</param>
/// <param name="OutputChannels">Channels of the translated image (3 for colour).</param>
/// <param name="Width">Channels of the U-Net's first level (doubling at each of its 3 levels) and of the PatchGAN's first convolution.</param>
public sealed record Pix2PixConfig(int InputChannels = 1, int OutputChannels = 3, int Width = 16);

/// <summary>
/// pix2pix (Isola, Zhu, Zhou, Efros, "Image-to-Image Translation with Conditional Adversarial Networks", CVPR 2017): a
/// conditional GAN whose generator is a U-Net (the chapter-02 <see cref="UNet"/>, its per-pixel scores passed through a
/// sigmoid to give an image in [0, 1]) and whose discriminator is a <see cref="PatchGanDiscriminator"/> judging
/// (condition, image) pairs. Unlike the paper, the generator has no dropout, so it is deterministic: for a given
/// condition it gives one image. Calling the module translates: <c>forward(condition)</c> is G(condition).
/// </summary>
public sealed class Pix2Pix : Module<Tensor, Tensor>
{
    private readonly UNet generator;
    private readonly PatchGanDiscriminator discriminator;

    /// <summary>Builds both players (image height and width must be multiples of 8).</summary>
    public Pix2Pix(Pix2PixConfig? config = null) : base(nameof(Pix2Pix))
    {
        var c = config ?? new Pix2PixConfig();
        if (c.InputChannels < 1 || c.OutputChannels < 1 || c.Width < 1)
            throw new ArgumentException($"pix2pix needs positive channels and width; got {c}.", nameof(config));
        Config = c;
        generator = new UNet(new UNetConfig(c.InputChannels, c.OutputChannels, Depth: 3, BaseWidth: c.Width, BatchNorm: true));
        discriminator = new PatchGanDiscriminator(c.InputChannels + c.OutputChannels, 2 * c.Width);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public Pix2PixConfig Config { get; }

    /// <summary>The generator's parameters.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> GeneratorParameters() => generator.parameters();

    /// <summary>The discriminator's parameters.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> DiscriminatorParameters() => discriminator.parameters();

    /// <summary>G(condition): images <c>[B, OutputChannels, H, W]</c> in (0, 1) for conditions <c>[B, InputChannels, H, W]</c>.</summary>
    /// <exception cref="ArgumentException">The condition is not shaped as expected (H and W multiples of 8).</exception>
    public override Tensor forward(Tensor condition) => generator.call(condition).sigmoid();

    /// <summary>Patch logits <c>[B, 1, H/4, W/4]</c> of "this image is the real translation of this condition".</summary>
    /// <exception cref="ArgumentException">Condition and image do not match.</exception>
    public Tensor Discriminate(Tensor condition, Tensor image)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(image);
        if (condition.dim() != 4 || image.dim() != 4 || condition.shape[0] != image.shape[0]
            || condition.shape[2] != image.shape[2] || condition.shape[3] != image.shape[3] || image.shape[1] != Config.OutputChannels)
            throw new ArgumentException(
                $"pix2pix's discriminator expects a condition [B, {Config.InputChannels}, H, W] and an image [B, {Config.OutputChannels}, H, W]; " +
                $"got [{string.Join(", ", condition.shape)}] and [{string.Join(", ", image.shape)}].");
        using var scope = NewDisposeScope();
        return discriminator.call(cat([condition, image], 1)).MoveToOuterDisposeScope();   // (B, 1, H/4, W/4)
    }
}
