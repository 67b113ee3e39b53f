using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>ae-mnist</c>: a plain <see cref="Autoencoder"/> with a 2-D bottleneck on MNIST, trained on the reconstruction's
/// binary cross-entropy (nats per image: the VAE's first term only). Its "samples" decode random codes drawn from a
/// Gaussian fitted to the training codes: the yardstick then measures how badly moving in an AE's latent space generates.
/// </summary>
internal sealed class AutoencoderMnist : ImageGeneratorRecipe
{
    public override string Name => "ae-mnist";

    public override string Description => "Autoencoder with a 2-D latent on MNIST (reconstruction nats; random codes judged by the yardstick).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 10, BatchSize: 128, LearningRate: 3e-3, WeightDecay: 0);

    public override nn.Module<Tensor, Tensor> CreateModel() => new Autoencoder();

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new AutoencoderLearner(Autoencoder(model));

    public override Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        RequireUnconditional(request);
        var autoencoder = Autoencoder(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        autoencoder.eval();
        var generator = new Generator((ulong)request.Seed);
        return autoencoder.Sample(request.Count, generator).cpu().MoveToOuterDisposeScope();   // [N, 1, 28, 28]
    }

    private Autoencoder Autoencoder(nn.Module<Tensor, Tensor> model) =>
        model as Autoencoder ?? throw new ArgumentException($"{Name} works with an Autoencoder, not a {model.GetType().Name}.");
}
