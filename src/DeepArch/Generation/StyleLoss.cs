using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The two losses of style transfer (Gatys, Ecker, Bethge, CVPR 2016): a content loss that keeps a layer's feature
/// maps close to the photo's, and a style loss that keeps Gram matrices close to the painting's.
/// </summary>
public static class StyleLoss
{
    /// <summary>
    /// Content loss ½·mean((F − P)²) between generated features F and the content image's P, both <c>[B, C, H, W]</c>:
    /// Gatys et al. eq. 1, ½ Σ (F − P)², divided by the number of elements so its weight does not depend on the size.
    /// </summary>
    /// <exception cref="ArgumentException">The two feature maps differ in shape.</exception>
    public static Tensor Content(Tensor generated, Tensor content)
    {
        RequireSameShape(generated, content, "content");
        return (generated - content).square().mean().mul(0.5);
    }

    /// <summary>
    /// Style loss of one layer, ¼·mean((Ĝ − Â)²) between the Gram matrices <c>[B, C, C]</c> of the generated image and of
    /// the style image: Gatys et al. eq. 4, E = 1/(4N²M²) Σ (G − A)², written with Ĝ = G/M (<see cref="GramMatrix"/>)
    /// and the mean over the N² entries.
    /// </summary>
    /// <exception cref="ArgumentException">The two Gram matrices differ in shape.</exception>
    public static Tensor Style(Tensor generatedGram, Tensor styleGram)
    {
        RequireSameShape(generatedGram, styleGram, "style");
        return (generatedGram - styleGram).square().mean().mul(0.25);
    }

    private static void RequireSameShape(Tensor a, Tensor b, string loss)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException(
                $"The {loss} loss compares tensors of one shape; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
    }
}
