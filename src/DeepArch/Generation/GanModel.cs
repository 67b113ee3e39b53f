using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>
/// The two players of a GAN in one module, so one checkpoint holds both: a generator G that maps a latent vector
/// z ~ N(0, I) (and, for a conditional GAN, a class) to a sample, and a discriminator D that gives the logit of "this
/// sample is real". Calling the module generates: <c>forward(z)</c> is G(z).
/// </summary>
public abstract class GanModel : Module<Tensor, Tensor>
{
    /// <summary>Names the module.</summary>
    protected GanModel(string name) : base(name)
    {
    }

    /// <summary>Size of the latent vector z.</summary>
    public abstract int Latent { get; }

    /// <summary>Classes a conditional GAN is conditioned on; 0 for an unconditional one.</summary>
    public abstract int Classes { get; }

    /// <summary>The generator's parameters (its optimizer's).</summary>
    public abstract IEnumerable<Parameter> GeneratorParameters();

    /// <summary>The discriminator's parameters (its optimizer's).</summary>
    public abstract IEnumerable<Parameter> DiscriminatorParameters();

    /// <summary>G(z | y): samples for latent vectors <c>[B, Latent]</c> and, when conditional, labels <c>int64 [B]</c>.</summary>
    public abstract Tensor Generate(Tensor z, Tensor? labels = null);

    /// <summary>
    /// The samples to show and measure: G(z | y) by default; a model that keeps an average of its generator's weights
    /// samples from that average.
    /// </summary>
    public virtual Tensor Sample(Tensor z, Tensor? labels = null) => Generate(z, labels);

    /// <summary>Called by <see cref="GanLearner"/> after each generator update; updates a moving average of G's weights if the model keeps one.</summary>
    public virtual void UpdateAverage()
    {
    }

    /// <summary>The logits of D(x | y), shape <c>[B]</c>, for samples and, when conditional, labels <c>int64 [B]</c>.</summary>
    public abstract Tensor Discriminate(Tensor x, Tensor? labels = null);

    /// <summary>G(z) of an unconditional GAN.</summary>
    public override Tensor forward(Tensor z) => Generate(z);

    /// <summary>Draws z ~ N(0, I), <c>[count, Latent]</c>, on the model's device, from <paramref name="generator"/> when given.</summary>
    public Tensor SampleLatent(int count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var device = GeneratorParameters().First().device;
        return randn([count, Latent], generator: generator).to(device);
    }

    /// <summary>Checks the labels a conditional GAN needs (and that an unconditional one gets none).</summary>
    /// <exception cref="ArgumentException">Labels are missing, unexpected, of the wrong length or out of range.</exception>
    protected void RequireLabels(Tensor? labels, long batch)
    {
        if (Classes == 0)
        {
            if (labels is not null)
                throw new ArgumentException($"{GetName()} is unconditional: it takes no labels.", nameof(labels));
            return;
        }
        if (labels is null)
            throw new ArgumentException($"{GetName()} is conditioned on {Classes} classes: give a label per sample.", nameof(labels));
        if (labels.dim() != 1 || labels.shape[0] != batch)
            throw new ArgumentException($"{GetName()} expects labels of shape [{batch}]; got [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"{GetName()} expects int64 labels; got {labels.dtype}.", nameof(labels));
        if (batch > 0 && (labels.min().item<long>() < 0 || labels.max().item<long>() >= Classes))
            throw new ArgumentException($"{GetName()} expects labels in 0…{Classes - 1}.", nameof(labels));
    }
}
