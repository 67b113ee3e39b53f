using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>Configuration of <see cref="GanMlp"/>.</summary>
/// <param name="Latent">Size of z.</param>
/// <param name="Hidden">Units of each hidden layer of both players.</param>
/// <param name="Dimensions">Dimensions of a sample (2 for the plane).</param>
/// <param name="Pack">
/// Samples the discriminator judges together (PacGAN, Lin et al. 2018): 1 is the ordinary GAN; with m &gt; 1 it sees m
/// samples of one kind concatenated, all real or all fake, so a generator that repeats itself is easy to spot. A way to
/// fight mode collapse that changes only the discriminator's input layer.
/// </param>
public sealed record GanMlpConfig(int Latent = 8, int Hidden = 128, int Dimensions = 2, int Pack = 1);

/// <summary>
/// A GAN of two small multilayer perceptrons (ReLU hidden layers) for points in the plane, the setting of the
/// classic mode-collapse experiments on a mixture of eight Gaussians (Metz et al., "Unrolled GANs", 2017).
/// </summary>
public sealed class GanMlp : GanModel
{
    private readonly Sequential generator;
    private readonly Sequential discriminator;

    /// <summary>Builds both players with TorchSharp's default initialisation.</summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public GanMlp(GanMlpConfig? config = null) : base(nameof(GanMlp))
    {
        var c = config ?? new GanMlpConfig();
        if (c.Latent < 1 || c.Hidden < 1 || c.Dimensions < 1 || c.Pack < 1)
            throw new ArgumentException($"A GanMlp needs positive sizes and pack; got {c}.", nameof(config));
        Config = c;
        generator = Sequential(
            Linear(c.Latent, c.Hidden), ReLU(),
            Linear(c.Hidden, c.Hidden), ReLU(),
            Linear(c.Hidden, c.Dimensions));                                   // (B, d)
        discriminator = Sequential(
            Linear(c.Dimensions * c.Pack, c.Hidden), LeakyReLU(0.2),
            Linear(c.Hidden, c.Hidden), LeakyReLU(0.2),
            Linear(c.Hidden, 1));                                              // (B/m, 1)
        RegisterComponents();
    }

    /// <summary>The configuration the networks were built with.</summary>
    public GanMlpConfig Config { get; }

    /// <inheritdoc />
    public override int Latent => Config.Latent;

    /// <inheritdoc />
    public override int Classes => 0;

    /// <inheritdoc />
    public override IEnumerable<Parameter> GeneratorParameters() => generator.parameters();

    /// <inheritdoc />
    public override IEnumerable<Parameter> DiscriminatorParameters() => discriminator.parameters();

    /// <summary>Points <c>[B, Dimensions]</c> for z <c>[B, Latent]</c>.</summary>
    /// <exception cref="ArgumentException">z is not shaped as expected, or labels are given.</exception>
    public override Tensor Generate(Tensor z, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.dim() != 2 || z.shape[1] != Latent)
            throw new ArgumentException($"GanMlp's generator expects z of shape [batch, {Latent}]; got [{string.Join(", ", z.shape)}].", nameof(z));
        RequireLabels(labels, z.shape[0]);
        return generator.call(z);
    }

    /// <summary>Logits <c>[B / Pack]</c>, one per pack of <see cref="GanMlpConfig.Pack"/> consecutive points <c>[B, Dimensions]</c>.</summary>
    /// <exception cref="ArgumentException">The points are not shaped as expected, B is not a multiple of the pack, or labels are given.</exception>
    public override Tensor Discriminate(Tensor x, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = Config;
        if (x.dim() != 2 || x.shape[1] != c.Dimensions || x.shape[0] % c.Pack != 0)
            throw new ArgumentException(
                $"GanMlp's discriminator expects points [batch, {c.Dimensions}] with batch a multiple of {c.Pack}; got [{string.Join(", ", x.shape)}].",
                nameof(x));
        RequireLabels(labels, x.shape[0]);
        using var scope = NewDisposeScope();
        var packed = x.reshape(-1, c.Dimensions * c.Pack);                  // (B/m, m·d)
        return discriminator.call(packed).squeeze(1).MoveToOuterDisposeScope(); // (B/m)
    }
}
