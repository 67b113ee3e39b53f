using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Where DRAW's attention looks at one step: an N×N grid of Gaussian filters centred on (<see cref="CenterX"/>,
/// <see cref="CenterY"/>) with <see cref="Stride"/> pixels between filters, each of variance <see cref="Variance"/>,
/// scaled by <see cref="Intensity"/> (Gregor et al. 2015, §3.2). Every tensor holds one value per image, <c>[B]</c>.
/// </summary>
/// <param name="CenterX">g_X, in pixels from the left.</param>
/// <param name="CenterY">g_Y, in pixels from the top.</param>
/// <param name="Stride">δ, the distance between neighbouring filters.</param>
/// <param name="Variance">σ², the filters' variance.</param>
/// <param name="Intensity">γ, the read gain (the write divides by it).</param>
/// <param name="GridSize">N, filters per side.</param>
public sealed record DrawWindow(Tensor CenterX, Tensor CenterY, Tensor Stride, Tensor Variance, Tensor Intensity, int GridSize)
{
    /// <summary>
    /// Copies of gray <paramref name="images"/> <c>[B, 1, H, W]</c> in [0, 1] as RGB <c>[B, 3, H, W]</c> with the
    /// window's extent (the grid's span, g ± δ·N/2) outlined in red, clipped to the image.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not gray <c>[B, 1, H, W]</c> with one window each.</exception>
    public Tensor Overlay(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[0] != CenterX.shape[0])
            throw new ArgumentException($"Expected gray images [{CenterX.shape[0]}, 1, H, W]; got [{string.Join(", ", images.shape)}].");
        int count = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        var rgb = images.detach().cpu().expand(-1, 3, -1, -1).clone();               // [B, 3, H, W]
        var gx = CenterX.detach().cpu().data<float>().ToArray();
        var gy = CenterY.detach().cpu().data<float>().ToArray();
        var delta = Stride.detach().cpu().data<float>().ToArray();
        for (var i = 0; i < count; i++)
        {
            var half = delta[i] * GridSize / 2;
            int left = Clamp(gx[i] - half, width), right = Clamp(gx[i] + half, width);
            int top = Clamp(gy[i] - half, height), bottom = Clamp(gy[i] + half, height);
            foreach (var (channel, value) in new[] { (0, 1f), (1, 0f), (2, 0f) })
            {
                rgb[i, channel, top, left..(right + 1)] = value;
                rgb[i, channel, bottom, left..(right + 1)] = value;
                rgb[i, channel, top..(bottom + 1), left] = value;
                rgb[i, channel, top..(bottom + 1), right] = value;
            }
        }
        return rgb;
    }

    private static int Clamp(float position, int size) => Math.Clamp((int)MathF.Round(position), 0, size - 1);
}
