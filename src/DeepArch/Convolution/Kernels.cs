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

    /// <summary>
    /// An oriented edge detector of any odd size: the derivative of a Gaussian along the direction θ,
    /// k(u, v) ∝ −(v·cos θ + u·sin θ)·exp(−(u² + v²) / 2σ²) for row offset u and column offset v from the centre, scaled
    /// to unit Euclidean norm. θ = 0° responds to brightness growing to the right (like <see cref="SobelX"/>),
    /// θ = 90° to brightness growing downwards (like <see cref="SobelY"/>).
    /// </summary>
    /// <param name="size">Kernel size (odd), e.g. 5 for 5×5.</param>
    /// <param name="angleDegrees">Direction θ of the derivative, in degrees.</param>
    /// <param name="sigma">Standard deviation σ of the Gaussian, in pixels.</param>
    /// <returns>float32 <c>[size, size]</c>.</returns>
    /// <exception cref="ArgumentException">The size is even or below 3, or σ is not positive.</exception>
    public static Tensor GaussianDerivative(int size, double angleDegrees, double sigma = 1)
    {
        if (size < 3 || size % 2 == 0)
            throw new ArgumentException($"The kernel needs an odd size of at least 3, got {size}.", nameof(size));
        if (!(sigma > 0))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive.");
        var (cos, sin) = (Math.Cos(angleDegrees * Math.PI / 180), Math.Sin(angleDegrees * Math.PI / 180));
        var half = size / 2;
        var values = new double[size * size];
        for (var u = -half; u <= half; u++)
            for (var v = -half; v <= half; v++)
                values[(u + half) * size + v + half] = (v * cos + u * sin) * Math.Exp(-(u * u + v * v) / (2 * sigma * sigma));
        var norm = Math.Sqrt(values.Sum(value => value * value));
        return tensor(values.Select(value => (float)(value / norm)).ToArray(), [size, size]);
    }

    private static Tensor Make(float[] values, float factor = 1) =>
        tensor(values.Select(value => value * factor).ToArray(), [3, 3]);
}
