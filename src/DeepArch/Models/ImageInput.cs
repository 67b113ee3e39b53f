using static TorchSharp.torch;

namespace DeepArch.Models;

/// <summary>
/// Checks a model's input at its public boundary, so a student gets a sentence naming the expected and the actual
/// shape instead of a libtorch error from deep inside a convolution.
/// </summary>
internal static class ImageInput
{
    /// <summary>Requires a batch of images <c>[B, channels, H, W]</c> with H and W at least <paramref name="minSize"/>.</summary>
    public static void Require(Tensor x, string model, long channels, long minSize = 1)
    {
        if (x.dim() != 4 || x.shape[1] != channels || x.shape[2] < minSize || x.shape[3] < minSize)
            throw new ArgumentException(
                $"{model} expects images [batch, {channels}, height, width]{SizeRule(minSize)}; got {Format(x.shape)}.");
    }

    /// <summary>Requires a batch of images <c>[B, channels, H, W]</c> with H and W multiples of <paramref name="multiple"/>.</summary>
    public static void RequireMultiple(Tensor x, string model, long channels, long multiple)
    {
        if (x.dim() != 4 || x.shape[1] != channels
            || x.shape[2] < multiple || x.shape[3] < multiple || x.shape[2] % multiple != 0 || x.shape[3] % multiple != 0)
            throw new ArgumentException(
                $"{model} expects images [batch, {channels}, height, width] with height and width multiples of {multiple}; got {Format(x.shape)}.");
    }

    /// <summary>Formats a shape as the course writes it: <c>[2, 3, 32, 32]</c>.</summary>
    public static string Format(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    private static string SizeRule(long minSize) => minSize > 1 ? $" with height and width ≥ {minSize}" : "";
}
