using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// What the DCGAN recipes share: a <see cref="Dcgan"/> for 28×28 gray images (MNIST, or gray shapes with
/// <c>--synthetic N</c>) trained by a <see cref="GanLearner"/> with the DCGAN paper's Adam (β₁ = 0.5, the same rate for
/// both players, constant) and one-sided label smoothing (real target 0.9), its 1,000 samples judged by the yardstick.
/// Defaults (25 epochs of 64) are <c>cgan-mnist</c>'s; <c>dcgan-mnist</c> sets its own.
/// The players' Adam moments are not saved in the checkpoint: a resumed run restarts them.
/// </summary>
internal abstract class DcganRecipe : ImageGeneratorRecipe
{
    /// <summary>Target of real images in the discriminator's loss (Salimans et al. 2016's one-sided smoothing).</summary>
    public const double RealTarget = 0.9;

    public override RecipeDefaults Defaults { get; } = new(Epochs: 25, BatchSize: 64, LearningRate: 2e-4, WeightDecay: 0);

    private protected abstract DcganConfig Config { get; }

    public override nn.Module<Tensor, Tensor> CreateModel() => new Dcgan(Config);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) =>
        new GanLearner(Gan(model), new GanSettings { RealTarget = RealTarget });

    internal override Learner CreateTrainingLearner(nn.Module<Tensor, Tensor> model, double learningRate, int totalSteps, int completedSteps) =>
        new GanLearner(Gan(model), new GanSettings
        {
            GeneratorLearningRate = learningRate, DiscriminatorLearningRate = learningRate, RealTarget = RealTarget,
        });

    /// <summary>The yardstick's figures; the test loss (the discriminator's cross-entropy) says nothing of the samples and is left out.</summary>
    internal override IReadOnlyDictionary<string, double> Measure(
        nn.Module<Tensor, Tensor> model, RecipeData data, RecipeOptions options, IReadOnlyDictionary<string, double> test) =>
        base.Measure(model, data, options, test).Where(kv => kv.Key != "test_loss_nats").ToDictionary();

    /// <summary>G(z) for z ~ N(0, I) drawn from the request's seed (from the averaged generator when the model keeps one), in evaluation mode (batch normalisation's running statistics).</summary>
    private protected Tensor Draw(Dcgan gan, int count, int seed, Tensor? labels)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        gan.eval();
        var z = gan.SampleLatent(count, new Generator((ulong)seed));                   // (N, L)
        var device = z.device;
        return gan.Sample(z, labels?.to(device)).cpu().MoveToOuterDisposeScope();      // (N, 1, 28, 28)
    }

    private protected Dcgan Gan(nn.Module<Tensor, Tensor> model) =>
        model as Dcgan ?? throw new ArgumentException($"{Name} works with a Dcgan, not a {model.GetType().Name}.");
}
