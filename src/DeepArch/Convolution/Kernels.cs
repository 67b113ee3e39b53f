using static TorchSharp.torch;

namespace DeepArch.Convolutions;

/// <summary>
/// The classic 3×3 image kernels of the lecture (GIF-4101 §10.1), as float32 <c>[3, 3]</c> tensors. Apply one to
/// images <c>[N, 1, H, W]</c> with <c>nn.functional.conv2d(images, kernel.view(1, 1, 3, 3), padding: [1, 1])</c>.
/// </summary>
public static class Kernels
{
    /// <summary>Leaves the image unchanged: a single 1 at the centre (a Dirac).</summary>
    public static Tensor Identity() => Make([0, 0, 0, 0, 1, 0, 0, 0, 0]);

    /// <summary>Gaussian blur, 1/16·[1 2 1; 2 4 2; 1 2 1]: a weighted average that sums to 1.</summary>
    public static Tensor GaussianBlur() => Make([1, 2, 1, 2, 4, 2, 1, 2, 1], 1f / 16);

    /// <summary>Edge detection (negative Laplacian), [−1 −1 −1; −1 8 −1; −1 −1 −1]: zero on flat regions.</summary>
    public static Tensor EdgeDetection() => Make([-1, -1, -1, -1, 8, -1, -1, -1, -1]);

    /// <summary>Sharpening, [0 −1 0; −1 5 −1; 0 −1 0]: the identity plus a Laplacian, sums to 1.</summary>
    public static Tensor Sharpen() => Make([0, -1, 0, -1, 5, -1, 0, -1, 0]);

    /// <summary>Sobel's horizontal derivative Gx = [−1 0 1; −2 0 2; −1 0 1] (as cross-correlation: large where
    /// brightness grows to the right, i.e. on vertical edges).</summary>
    public static Tensor SobelX() => Make([-1, 0, 1, -2, 0, 2, -1, 0, 1]);

    /// <summary>Sobel's vertical derivative Gy = Gxᵀ = [−1 −2 −1; 0 0 0; 1 2 1] (large where brightness grows
    /// downwards, i.e. on horizontal edges).</summary>
    public static Tensor SobelY() => Make([-1, -2, -1, 0, 0, 0, 1, 2, 1]);

    private static Tensor Make(float[] values, float factor = 1) =>
        tensor(values.Select(value => value * factor).ToArray(), [3, 3]);
}
