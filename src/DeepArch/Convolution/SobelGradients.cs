using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Convolutions;

/// <summary>The gradients of an image by Sobel's kernels and its edge magnitude G = √(Gx² + Gy²).</summary>
/// <param name="Gx">Horizontal derivative <c>[N, 1, H, W]</c> (vertical edges).</param>
/// <param name="Gy">Vertical derivative <c>[N, 1, H, W]</c> (horizontal edges).</param>
/// <param name="Magnitude">√(Gx² + Gy²), <c>[N, 1, H, W]</c>.</param>
public sealed record SobelGradients(Tensor Gx, Tensor Gy, Tensor Magnitude) : IDisposable
{
    /// <summary>
    /// Applies <see cref="Kernels.SobelX"/> and <see cref="Kernels.SobelY"/> with TorchSharp's <c>conv2d</c>, zero padding
    /// 1, so the gradients keep the image's size.
    /// </summary>
    /// <param name="images">Grayscale images <c>[N, 1, H, W]</c> or <c>[H, W]</c>, floating point.</param>
    /// <exception cref="ArgumentException">The images are not grayscale, floating point, 2-D or 4-D.</exception>
    public static SobelGradients Of(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!images.is_floating_point() || !(images.dim() == 2 || (images.dim() == 4 && images.shape[1] == 1)))
            throw new ArgumentException(
                $"Sobel expects floating-point grayscale images [N, 1, H, W] or [H, W], got {images.dtype} [{string.Join(", ", images.shape)}].",
                nameof(images));
        using var scope = NewDisposeScope();
        var x = images.dim() == 2 ? images.view(1, 1, images.shape[0], images.shape[1]) : images;   // [N, 1, H, W]
        var kernels = stack([Kernels.SobelX(), Kernels.SobelY()]).unsqueeze(1).to(x.dtype, x.device);   // [2, 1, 3, 3]
        var both = nn.functional.conv2d(x, kernels, padding: [1, 1]);                                    // [N, 2, H, W]
        var gx = both[.., 0..1];
        var gy = both[.., 1..2];
        var magnitude = (gx.square() + gy.square()).sqrt();
        return new SobelGradients(gx.contiguous().MoveToOuterDisposeScope(), gy.contiguous().MoveToOuterDisposeScope(),
            magnitude.MoveToOuterDisposeScope());
    }

    /// <summary>Releases the three tensors.</summary>
    public void Dispose()
    {
        Gx.Dispose();
        Gy.Dispose();
        Magnitude.Dispose();
    }
}
