using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>Configuration of <see cref="Autoencoder"/>.</summary>
/// <param name="ImageSize">Width and height of the square images.</param>
/// <param name="Channels">Image channels.</param>
/// <param name="Hidden">Units of the hidden layer on each side of the bottleneck.</param>
/// <param name="Latent">Size of the bottleneck (the code z); 2 to draw the latent space as a plane.</param>
public sealed record AutoencoderConfig(int ImageSize = 28, int Channels = 1, int Hidden = 512, int Latent = 2);

/// <summary>
/// An autoencoder: learning X from X through a bottleneck. The encoder (pixels → hidden → z) compresses an image into
/// a few numbers, the decoder (z → hidden → pixels) rebuilds it; since z is much smaller than the image, the network
/// must keep what matters. Trained with the pixels' binary cross-entropy (<see cref="AutoencoderLearner"/>); with noisy
/// inputs and clean targets it becomes a denoising autoencoder (Vincent et al. 2008).
/// </summary>
public sealed class Autoencoder : Module<Tensor, Tensor>
{
    // How fast the running statistics of the codes follow training batches (as batch normalisation's momentum).
    private const double CodeMomentum = 0.02;
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Tensor code_mean;
    private readonly Tensor code_variance;

    /// <summary>Builds a freshly initialised autoencoder.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public Autoencoder(AutoencoderConfig? config = null) : base(nameof(Autoencoder))
    {
        var c = config ?? new AutoencoderConfig();
        if (c.ImageSize < 1 || c.Channels < 1 || c.Hidden < 1 || c.Latent < 1)
            throw new ArgumentException($"An autoencoder needs positive sizes; got {c}.", nameof(config));
        Config = c;
        var pixels = c.Channels * c.ImageSize * c.ImageSize;
        encoder = Sequential(("flatten", Flatten()), ("hidden", Linear(pixels, c.Hidden)), ("relu", ReLU()), ("code", Linear(c.Hidden, c.Latent)));
        decoder = Sequential(("hidden", Linear(c.Latent, c.Hidden)), ("relu", ReLU()), ("pixels", Linear(c.Hidden, pixels)));
        code_mean = zeros(c.Latent);
        code_variance = ones(c.Latent);
        RegisterComponents();
    }

    /// <summary>The configuration it was built with.</summary>
    public AutoencoderConfig Config { get; }

    /// <summary>
    /// The code z <c>[B, Latent]</c> of images <c>[B, C, S, S]</c> in [0, 1]. In training mode the running mean and
    /// variance of the codes are updated too (kept with the weights, so a checkpoint carries them).
    /// </summary>
    public Tensor Encode(Tensor images)
    {
        GeneratorInput.RequireImages(images, nameof(Autoencoder), Config.Channels, Config.ImageSize);
        var code = encoder.call(images);
        if (training && code.shape[0] > 1)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            code_mean.mul_(1 - CodeMomentum).add_(code.mean([0]), alpha: CodeMomentum);
            code_variance.mul_(1 - CodeMomentum).add_(code.var([0]), alpha: CodeMomentum);
        }
        return code;
    }

    /// <summary>Running mean <c>[Latent]</c> of the training codes.</summary>
    public Tensor CodeMean => code_mean;

    /// <summary>Running per-dimension variance <c>[Latent]</c> of the training codes.</summary>
    public Tensor CodeVariance => code_variance;

    /// <summary>
    /// Images decoded from <paramref name="count"/> random codes drawn from N(mean, diag variance) of the training codes:
    /// an autoencoder has no prior, so this is the natural guess at "moving in the latent space" — and it lands in
    /// the holes between the regions the training images occupy.
    /// </summary>
    public Tensor Sample(int count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var scope = NewDisposeScope();
        var device = code_mean.device;
        var epsilon = randn([count, Config.Latent], generator: generator).to(device);   // [count, Latent]
        return Decode(code_mean + code_variance.sqrt() * epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>The decoder's pixel logits <c>[B, C, S, S]</c> for codes <c>[B, Latent]</c> (sigmoid gives the image).</summary>
    public Tensor DecodeLogits(Tensor code)
    {
        GeneratorInput.RequireCodes(code, nameof(Autoencoder), Config.Latent);
        return decoder.call(code).view(-1, Config.Channels, Config.ImageSize, Config.ImageSize);   // [B, C, S, S]
    }

    /// <summary>Decoded images <c>[B, C, S, S]</c> in [0, 1] for codes <c>[B, Latent]</c>.</summary>
    public Tensor Decode(Tensor code)
    {
        using var scope = NewDisposeScope();
        return DecodeLogits(code).sigmoid().MoveToOuterDisposeScope();
    }

    /// <summary>The reconstruction <c>[B, C, S, S]</c> in [0, 1] of images <c>[B, C, S, S]</c>.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(Encode(images)).MoveToOuterDisposeScope();
    }
}
