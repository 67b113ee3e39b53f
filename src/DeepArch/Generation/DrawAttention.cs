using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// DRAW's selective attention (Gregor, Danihelka, Graves, Rezende &amp; Wierstra 2015, §3.2): from five numbers
/// emitted by the decoder, an N×N grid of Gaussian filters, applied as two separable filterbank matrices F_Y and
/// F_X. Reading extracts an N×N patch, <c>γ F_Y x F_Xᵀ</c>; writing paints one back, <c>(1/γ) F_Yᵀ w F_X</c>.
/// </summary>
internal static class DrawAttention
{
    /// <summary>The window from the decoder's five outputs <c>[B, 5]</c> for an image of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public static DrawWindow Window(Tensor parameters, int height, int width, int gridSize)
    {
        // (g̃X, g̃Y, log σ², log δ̃, log γ) = W(h_dec)   (eq. 21)
        var p = parameters.unbind(1);                                                 // 5 × [B]
        var centerX = p[0].add(1).mul((width + 1) / 2.0);                             // eq. 22
        var centerY = p[1].add(1).mul((height + 1) / 2.0);                            // eq. 23
        var stride = p[3].exp().mul((Math.Max(width, height) - 1) / (double)Math.Max(1, gridSize - 1));   // eq. 24
        return new DrawWindow(centerX, centerY, stride, p[2].exp(), p[4].exp(), gridSize);
    }

    /// <summary>The filterbanks F_X <c>[B, N, W]</c> and F_Y <c>[B, N, H]</c>, each filter normalised to sum 1 (eqs. 19–20, 25–26).</summary>
    public static (Tensor Fx, Tensor Fy) Filterbanks(DrawWindow window, int height, int width)
    {
        var n = window.GridSize;
        var device = window.CenterX.device;
        // μ_i = g + (i − N/2 − 0.5) δ for i = 1..N   (eqs. 19–20)
        var offsets = arange(1, n + 1, dtype: ScalarType.Float32, device: device).sub(n / 2.0 + 0.5);    // [N]
        var muX = window.CenterX.unsqueeze(1).add(offsets.unsqueeze(0).mul(window.Stride.unsqueeze(1)));  // [B, N]
        var muY = window.CenterY.unsqueeze(1).add(offsets.unsqueeze(0).mul(window.Stride.unsqueeze(1)));
        return (Bank(muX, window.Variance, width), Bank(muY, window.Variance, height));
    }

    /// <summary>read(x) = γ F_Y x F_Xᵀ: images <c>[B, H, W]</c> → patches <c>[B, N·N]</c> (eq. 27).</summary>
    public static Tensor Read(Tensor images, Tensor fx, Tensor fy, Tensor intensity) =>
        fy.bmm(images).bmm(fx.transpose(1, 2)).flatten(1).mul(intensity.unsqueeze(1));   // [B,N,H]·[B,H,W]·[B,W,N]

    /// <summary>write(w) = (1/γ) F_Yᵀ w F_X: patches <c>[B, N, N]</c> → images <c>[B, H, W]</c> (eq. 29).</summary>
    public static Tensor Write(Tensor patches, Tensor fx, Tensor fy, Tensor intensity) =>
        fy.transpose(1, 2).bmm(patches).bmm(fx).div(intensity.view(-1, 1, 1));        // [B,H,N]·[B,N,N]·[B,N,W]

    // F[i, a] = exp(−(a − μ_i)² / 2σ²) / Z_i over pixel positions a: [B, N] → [B, N, size]   (eqs. 25–26)
    private static Tensor Bank(Tensor mu, Tensor variance, int size)
    {
        var positions = arange(size, dtype: ScalarType.Float32, device: mu.device).view(1, 1, -1);      // [1, 1, size]
        var f = positions.sub(mu.unsqueeze(2)).square().div(variance.view(-1, 1, 1).mul(-2)).exp();
        return f.div(f.sum(2, keepdim: true).add(1e-8));
    }
}
