using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Shape checks at the public boundary of the generative models, with messages a student can act on.</summary>
internal static class GeneratorInput
{
    public static void RequireImages(Tensor images, string model, int channels, int size)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != channels || images.shape[2] != size || images.shape[3] != size)
            throw new ArgumentException(
                $"{model} expects images [batch, {channels}, {size}, {size}] in [0, 1]; got [{string.Join(", ", images.shape)}].", nameof(images));
    }

    public static void RequireCodes(Tensor code, string model, int latent)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.dim() != 2 || code.shape[1] != latent)
            throw new ArgumentException(
                $"{model} decodes latent codes [batch, {latent}]; got [{string.Join(", ", code.shape)}].", nameof(code));
    }
}
