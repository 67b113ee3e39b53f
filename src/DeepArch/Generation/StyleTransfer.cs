using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Settings of <see cref="StyleTransfer"/>.</summary>
/// <param name="Steps">Optimisation steps on the image.</param>
/// <param name="Rate">Adam's learning rate, in pixel units.</param>
/// <param name="ContentWeight">α, weight of the content loss.</param>
/// <param name="StyleWeight">β, weight of the style loss (summed over the style taps).</param>
/// <param name="StartFromContent">Start from the content photo (faster) rather than from noise, as Gatys et al. do.</param>
public sealed record StyleTransferOptions(int Steps = 100, double Rate = 0.02, double ContentWeight = 1, double StyleWeight = 1e3,
    bool StartFromContent = true);

/// <summary>The image style transfer made, and its losses at each step (before the step).</summary>
/// <param name="Image">The result <c>[1, C, H, W]</c> in [0, 1].</param>
/// <param name="ContentLoss">Unweighted content loss per step.</param>
/// <param name="StyleLoss">Unweighted style loss (summed over the style taps) per step.</param>
/// <param name="TotalLoss">α·content + β·style per step.</param>
public sealed record StyleTransferResult(Tensor Image, IReadOnlyList<double> ContentLoss, IReadOnlyList<double> StyleLoss,
    IReadOnlyList<double> TotalLoss);

/// <summary>
/// Neural style transfer (Gatys, Ecker, Bethge, CVPR 2016): an image optimised, network frozen, so that its features at
/// one layer match a photo's (content) and its Gram matrices at several layers match a painting's (style),
/// L = α·L_content + β·L_style (their eq. 7).
/// </summary>
public static class StyleTransfer
{
    /// <summary>Optimises an image with Adam on L = α·L_content + β·L_style.</summary>
    /// <param name="features">The network and its taps.</param>
    /// <param name="contentTap">Index of the tap whose activations carry the content.</param>
    /// <param name="styleTaps">Indices of the taps whose Gram matrices carry the style.</param>
    /// <param name="content">The photo <c>[1, C, H, W]</c> in [0, 1].</param>
    /// <param name="style">The painting <c>[1, C, H', W']</c> in [0, 1] (any size).</param>
    /// <param name="options">Steps and weights; the defaults when null.</param>
    /// <param name="seed">Seed of the starting noise when not starting from the photo.</param>
    /// <exception cref="ArgumentException">Shapes or taps are out of range.</exception>
    public static StyleTransferResult Run(StyleFeatures features, int contentTap, IReadOnlyList<int> styleTaps, Tensor content,
        Tensor style, StyleTransferOptions? options = null, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(styleTaps);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(style);
        var o = options ?? new StyleTransferOptions();
        var tapCount = features.TapNames.Count;
        if (contentTap < 0 || contentTap >= tapCount || styleTaps.Count == 0 || styleTaps.Any(t => t < 0 || t >= tapCount))
            throw new ArgumentException($"Content and style taps must index the {tapCount} taps; got {contentTap} and [{string.Join(", ", styleTaps)}].");
        foreach (var (picture, name) in new[] { (content, nameof(content)), (style, nameof(style)) })
            if (picture.dim() != 4 || picture.shape[0] != 1 || picture.shape[1] != features.Channels)
                throw new ArgumentException(
                    $"Style transfer takes one image [1, {features.Channels}, H, W] in [0, 1]; got [{string.Join(", ", picture.shape)}].", name);

        Tensor target;
        Tensor[] styleGrams;
        using (no_grad())
        {
            target = features.Extract(content)[contentTap].detach();                         // (1, C_c, H_c, W_c)
            var styleFeatures = features.Extract(style);
            styleGrams = [.. styleTaps.Select(t => GramMatrix.Compute(styleFeatures[t]).detach())];   // (1, C_t, C_t) each
        }
        using var generator = new Generator((ulong)seed);
        using var start = o.StartFromContent ? content.detach().clone() : rand(content.shape, generator: generator).to(content.device);
        var image = new TorchSharp.Modules.Parameter(start, requires_grad: true);   // the only thing optimised
        using var optimizer = optim.Adam([image], o.Rate);
        var (contentLosses, styleLosses, totals) = (new List<double>(), new List<double>(), new List<double>());
        for (var step = 0; step < o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var taps = features.Extract(image);
            var contentLoss = Generation.StyleLoss.Content(taps[contentTap], target);
            var styleLoss = styleTaps.Select((t, i) => Generation.StyleLoss.Style(GramMatrix.Compute(taps[t]), styleGrams[i]))
                .Aggregate((a, b) => a + b);
            // Gatys et al. eq. 7: L_total = α L_content + β L_style
            var total = contentLoss.mul(o.ContentWeight) + styleLoss.mul(o.StyleWeight);
            total.backward();
            optimizer.step();
            using (no_grad())
                image.clamp_(0, 1);
            contentLosses.Add(contentLoss.item<float>());
            styleLosses.Add(styleLoss.item<float>());
            totals.Add(total.item<float>());
        }
        target.Dispose();
        foreach (var g in styleGrams)
            g.Dispose();
        return new StyleTransferResult(image.detach().clone(), contentLosses, styleLosses, totals);
    }
}
