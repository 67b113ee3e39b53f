using DeepArch.Models;
using DeepArch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>Configuration of <see cref="Dcgan"/>.</summary>
/// <param name="Latent">Size of z (100 in the paper; 64 is plenty for 28×28).</param>
/// <param name="Width">Channels of the discriminator's first convolution and of the generator's last hidden layer; the
/// other hidden layer has twice as many (the paper's 64 → 128 → … progression, two levels deep for 28×28).</param>
/// <param name="Channels">Image channels (1 for MNIST and gray shapes).</param>
/// <param name="Size">Image height and width, a multiple of 4 (28 for MNIST).</param>
/// <param name="Classes">0 for a plain DCGAN; K for a class-conditional one (Mirza &amp; Osindero 2014), whose labels
/// reach both players as one-hot vectors: appended to z, and as K constant planes appended to the image.</param>
/// <param name="MinibatchStd">Give the discriminator's last layer the batch's mean standard deviation as one more feature
/// map (Karras et al., "Progressive Growing of GANs", 2018, §3): a generator whose samples all look alike then has a
/// visibly low spread, which the discriminator can punish; a cheap remedy against mode collapse.</param>
/// <param name="AverageDecay">0 for none; otherwise the decay β of an exponential moving average of the generator's weights
/// (and batch-norm statistics), θ̄ ← β·θ̄ + (1 − β)·θ after every generator update, that <see cref="Dcgan.Sample"/> draws
/// from (Yazıcı et al., "The Unusual Effectiveness of Averaging in GAN Training", ICLR 2019, eq. 2; Karras et al. 2018
/// use β = 0.999). The average smooths the generator's oscillation around the game's equilibrium; it is the same
/// distribution family, not a truncation.</param>
public sealed record DcganConfig(
    int Latent = 64, int Width = 64, int Channels = 1, int Size = 28, int Classes = 0, bool MinibatchStd = false, double AverageDecay = 0);

/// <summary>
/// DCGAN (Radford, Metz, Chintala, "Unsupervised Representation Learning with Deep Convolutional GANs", ICLR 2016)
/// for small images, following the paper's guidelines: no pooling (strided convolutions in D, fractionally strided
/// ones in G), batch normalization in the generator, ReLU in G and LeakyReLU (slope 0.2) in D, weights drawn from
/// N(0, 0.02). Differences: the generator ends with a sigmoid, as the course's images lie in [0, 1] (the paper's tanh
/// wants [−1, 1]), and the discriminator has no batch normalization (real and fake batches go through it separately,
/// so batch statistics would tell them apart).
/// </summary>
public sealed class Dcgan : GanModel
{
    private readonly Sequential generator;
    private readonly Sequential discriminator;
    private readonly Sequential head;
    private readonly Sequential? average;
    private readonly Tensor? average_updates;                                           // (1): generator updates averaged
    private readonly long _base;

    /// <summary>Builds both players with weights from N(0, 0.02), drawn from <paramref name="init"/> when given.</summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public Dcgan(DcganConfig? config = null, Generator? init = null) : base(nameof(Dcgan))
    {
        var c = config ?? new DcganConfig();
        if (c.Latent < 1 || c.Width < 1 || c.Channels < 1 || c.Classes < 0 || c.Size < 8 || c.Size % 4 != 0
            || c.AverageDecay is < 0 or >= 1)
            throw new ArgumentException(
                $"A DCGAN needs positive latent size, width and channels, classes ≥ 0, a size that is a multiple of 4 (≥ 8) " +
                $"and an average decay in [0, 1); got {c}.",
                nameof(config));
        Config = c;
        _base = c.Size / 4;
        generator = BuildGenerator(c);
        long w = c.Width;
        discriminator = Sequential(
            ("down1", Conv2d(c.Channels + c.Classes, w, kernel_size: 4, stride: 2, padding: 1)),  // (B, w, 2s, 2s)
            ("lrelu1", LeakyReLU(0.2)),
            ("down2", Conv2d(w, 2 * w, kernel_size: 4, stride: 2, padding: 1)),                   // (B, 2w, s, s)
            ("lrelu2", LeakyReLU(0.2)));
        head = Sequential(
            ("flatten", Flatten()),                                                               // (B, (2w + m)·s·s)
            ("logit", Linear((2 * w + (c.MinibatchStd ? 1 : 0)) * _base * _base, 1)));            // (B, 1)
        if (c.AverageDecay > 0)
        {
            average = BuildGenerator(c);
            average_updates = zeros(1, dtype: ScalarType.Int64);
            register_buffer(nameof(average_updates), average_updates);
        }
        RegisterComponents();
        GanInitialization.Normal(this, init);
        if (average is not null)
            WeightAverage.Start(average, generator);
    }

    private static Sequential BuildGenerator(DcganConfig c)
    {
        long w = c.Width, s = c.Size / 4;
        return Sequential(
            ("project", Linear(c.Latent + c.Classes, 2 * w * s * s, hasBias: false)),       // (B, 2w·s·s), s = Size/4
            ("norm0", BatchNorm1d(2 * w * s * s)),
            ("relu0", ReLU()),
            ("unflatten", Unflatten(1, [2 * w, s, s])),                                    // (B, 2w, s, s)
            ("up1", ConvTranspose2d(2 * w, w, kernel_size: 4, stride: 2, padding: 1, bias: false)), // (B, w, 2s, 2s)
            ("norm1", BatchNorm2d(w)),
            ("relu1", ReLU()),
            ("up2", ConvTranspose2d(w, c.Channels, kernel_size: 4, stride: 2, padding: 1)),   // (B, C, 4s, 4s)
            ("sigmoid", Sigmoid()));
    }

    /// <summary>The configuration the networks were built with.</summary>
    public DcganConfig Config { get; }

    /// <inheritdoc />
    public override int Latent => Config.Latent;

    /// <inheritdoc />
    public override int Classes => Config.Classes;

    /// <inheritdoc />
    public override IEnumerable<Parameter> GeneratorParameters() => generator.parameters();

    /// <inheritdoc />
    public override IEnumerable<Parameter> DiscriminatorParameters() => discriminator.parameters().Concat(head.parameters());

    /// <summary>Images <c>[B, C, Size, Size]</c> in (0, 1) for z <c>[B, Latent]</c> (and labels <c>int64 [B]</c> when conditional).</summary>
    /// <exception cref="ArgumentException">z or the labels are not shaped as expected.</exception>
    public override Tensor Generate(Tensor z, Tensor? labels = null) => Run(generator, z, labels);

    /// <summary>Whether the model keeps a moving average of the generator's weights (<see cref="DcganConfig.AverageDecay"/> &gt; 0).</summary>
    public bool HasAverage => average is not null;

    /// <summary>
    /// Samples from the averaged generator when there is one (<see cref="DcganConfig.AverageDecay"/> &gt; 0), from the
    /// trained generator otherwise: images <c>[B, C, Size, Size]</c> for z <c>[B, Latent]</c> (and labels when conditional).
    /// </summary>
    /// <exception cref="ArgumentException">z or the labels are not shaped as expected.</exception>
    public override Tensor Sample(Tensor z, Tensor? labels = null) =>
        Run(average ?? generator, z, labels);

    /// <summary>Runs <paramref name="network"/> (the generator or its average) on z and the one-hot labels.</summary>
    private Tensor Run(Sequential network, Tensor z, Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.dim() != 2 || z.shape[1] != Latent)
            throw new ArgumentException($"Dcgan's generator expects z of shape [batch, {Latent}]; got [{string.Join(", ", z.shape)}].", nameof(z));
        RequireLabels(labels, z.shape[0]);
        using var scope = NewDisposeScope();
        var input = labels is null ? z : cat([z, OneHot(labels)], 1);                   // (B, L + K)
        return network.call(input).MoveToOuterDisposeScope();                           // (B, C, S, S)
    }

    /// <summary>
    /// θ̄ ← β_t·θ̄ + (1 − β_t)·θ for every weight and batch-norm statistic of the generator, with
    /// β_t = min(β, (1 + t) / (10 + t)) after t updates, so the first, random weights are soon forgotten; nothing
    /// without an average. <see cref="GanLearner"/> calls it after every generator update.
    /// </summary>
    public override void UpdateAverage()
    {
        if (average is not null && average_updates is not null)
            WeightAverage.Update(average, generator, average_updates, Config.AverageDecay);
    }

    /// <summary>Logits <c>[B]</c> of "real" for images <c>[B, C, Size, Size]</c> (and labels <c>int64 [B]</c> when conditional).</summary>
    /// <exception cref="ArgumentException">The images or the labels are not shaped as expected.</exception>
    public override Tensor Discriminate(Tensor x, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = Config;
        if (x.dim() != 4 || x.shape[1] != c.Channels || x.shape[2] != c.Size || x.shape[3] != c.Size)
            throw new ArgumentException(
                $"Dcgan's discriminator expects images [batch, {c.Channels}, {c.Size}, {c.Size}]; got {ImageInput.Format(x.shape)}.", nameof(x));
        RequireLabels(labels, x.shape[0]);
        using var scope = NewDisposeScope();
        var input = x;
        if (labels is not null)
        {
            var planes = OneHot(labels)[.., .., TensorIndex.None, TensorIndex.None]      // (B, K, 1, 1)
                .expand(-1, -1, Config.Size, Config.Size);                              // (B, K, S, S)
            input = cat([x, planes], 1);                                                // (B, C + K, S, S)
        }
        var h = discriminator.call(input);                                              // (B, 2w, s, s)
        if (Config.MinibatchStd)
        {
            // The standard deviation of each feature over the batch, averaged into one number, as one more map.
            var spread = h.std(0, unbiased: false).mean();                              // ()
            h = cat([h, spread.expand(h.shape[0], 1, h.shape[2], h.shape[3])], 1);      // (B, 2w + 1, s, s)
        }
        return head.call(h).squeeze(1).MoveToOuterDisposeScope();                       // (B)
    }

    private Tensor OneHot(Tensor labels) => nn.functional.one_hot(labels, Classes).to(ScalarType.Float32); // (B, K)
}
