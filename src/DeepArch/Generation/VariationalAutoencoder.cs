using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>Configuration of <see cref="VariationalAutoencoder"/>.</summary>
/// <param name="ImageSize">Width and height of the square images.</param>
/// <param name="Channels">Image channels.</param>
/// <param name="Hidden">Units of the hidden layer on each side of the latent code.</param>
/// <param name="Latent">Dimensions of z (20 in PyTorch's example VAE; 2 to draw the latent space as a plane).</param>
public sealed record VaeConfig(int ImageSize = 28, int Channels = 1, int Hidden = 400, int Latent = 20);

/// <summary>What the VAE computes for a batch: the decoder's pixel logits and the encoder's Gaussian q(z|x).</summary>
/// <param name="Logits">Pixel logits <c>[B, C, S, S]</c> of the reconstruction.</param>
/// <param name="Mean">μ(x) <c>[B, Latent]</c>.</param>
/// <param name="LogVariance">log σ²(x) <c>[B, Latent]</c>.</param>
public sealed record VaeOutput(Tensor Logits, Tensor Mean, Tensor LogVariance);

/// <summary>
/// The variational autoencoder of Kingma &amp; Welling ("Auto-Encoding Variational Bayes", 2014): the encoder gives,
/// for each image, a Gaussian q(z|x) = N(μ(x), diag σ²(x)) through a mean head and a log-variance head; a code is drawn
/// from it with the reparameterisation trick z = μ + σ ⊙ ε, ε ~ N(0, I) (§2.4), so gradients flow through μ and σ; the
/// decoder maps z back to pixel probabilities. The loss (<see cref="VaeLoss"/>) adds to the reconstruction error a KL term
/// that pulls every q(z|x) towards N(0, I), which fills the latent space: decoding z ~ N(0, I) then gives images.
/// The layer sizes default to PyTorch's example VAE (784–400–20, ReLU).
/// </summary>
public sealed class VariationalAutoencoder : Module<Tensor, Tensor>
{
    private readonly Flatten flatten;
    private readonly Linear hidden;
    private readonly Linear mean;
    private readonly Linear logVariance;
    private readonly Linear decoderHidden;
    private readonly Linear decoderPixels;

    /// <summary>Builds a freshly initialised VAE.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public VariationalAutoencoder(VaeConfig? config = null) : base(nameof(VariationalAutoencoder))
    {
        var c = config ?? new VaeConfig();
        if (c.ImageSize < 1 || c.Channels < 1 || c.Hidden < 1 || c.Latent < 1)
            throw new ArgumentException($"A VAE needs positive sizes; got {c}.", nameof(config));
        Config = c;
        var pixels = c.Channels * c.ImageSize * c.ImageSize;
        flatten = Flatten();
        hidden = Linear(pixels, c.Hidden);
        mean = Linear(c.Hidden, c.Latent);
        logVariance = Linear(c.Hidden, c.Latent);
        decoderHidden = Linear(c.Latent, c.Hidden);
        decoderPixels = Linear(c.Hidden, pixels);
        RegisterComponents();
    }

    /// <summary>The configuration it was built with.</summary>
    public VaeConfig Config { get; }

    /// <summary>The encoder's q(z|x): mean and log-variance <c>[B, Latent]</c> of images <c>[B, C, S, S]</c> in [0, 1].</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor images)
    {
        GeneratorInput.RequireImages(images, nameof(VariationalAutoencoder), Config.Channels, Config.ImageSize);
        using var scope = NewDisposeScope();
        var h = functional.relu(hidden.call(flatten.call(images)));   // [B, Hidden]
        return (mean.call(h).MoveToOuterDisposeScope(), logVariance.call(h).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The reparameterisation trick (Kingma &amp; Welling 2014, eq. 10 with L = 1): z = μ + σ ⊙ ε with σ = exp(½ log σ²)
    /// and ε ~ N(0, I) drawn from <paramref name="generator"/> (the global one when null).
    /// </summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVariance, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var epsilon = randn(mean.shape, dtype: mean.dtype, device: mean.device, generator: generator);   // [B, Latent]
        return (mean + (0.5 * logVariance).exp() * epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>The decoder's pixel logits <c>[B, C, S, S]</c> for codes <c>[B, Latent]</c>.</summary>
    public Tensor DecodeLogits(Tensor code)
    {
        GeneratorInput.RequireCodes(code, nameof(VariationalAutoencoder), Config.Latent);
        using var scope = NewDisposeScope();
        var h = functional.relu(decoderHidden.call(code));                                 // [B, Hidden]
        return decoderPixels.call(h).view(-1, Config.Channels, Config.ImageSize, Config.ImageSize)
            .MoveToOuterDisposeScope();                                                  // [B, C, S, S]
    }

    /// <summary>Decoded images <c>[B, C, S, S]</c> in [0, 1] (pixel probabilities) for codes <c>[B, Latent]</c>.</summary>
    public Tensor Decode(Tensor code)
    {
        using var scope = NewDisposeScope();
        return DecodeLogits(code).sigmoid().MoveToOuterDisposeScope();
    }

    /// <summary>Encodes, draws z by reparameterisation and decodes: what the loss needs.</summary>
    public VaeOutput Run(Tensor images, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var (mu, logVar) = Encode(images);
        var logits = DecodeLogits(Reparameterize(mu, logVar, generator));
        return new VaeOutput(logits.MoveToOuterDisposeScope(), mu.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <summary>The reconstruction <c>[B, C, S, S]</c> in [0, 1]: the decoded mean code μ(x) (no sampling).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(Encode(images).Mean).MoveToOuterDisposeScope();
    }

    /// <summary>Images decoded from <paramref name="count"/> codes drawn from the prior N(0, I), <c>[count, C, S, S]</c>.</summary>
    public Tensor Sample(int count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var scope = NewDisposeScope();
        var device = parameters().First().device;
        var z = randn([count, Config.Latent], generator: generator).to(device);   // [count, Latent]
        return Decode(z).MoveToOuterDisposeScope();
    }
}
