using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>vae-mnist</c>: the <see cref="VariationalAutoencoder"/> of PyTorch's example (784–400–20) on MNIST, trained on the
/// negative ELBO; its test loss is the negative ELBO in nats per test image (BCE summed over pixels + KL), the figure
/// the VAE literature reports, and its samples z ~ N(0, I) are judged by the yardstick.
/// </summary>
internal sealed class VaeMnist : ImageGeneratorRecipe
{
    public override string Name => "vae-mnist";

    public override string Description => "VAE (784-400-20) on MNIST (negative ELBO in nats, samples judged by the yardstick).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 10, BatchSize: 128, LearningRate: 3e-3, WeightDecay: 0);

    public override nn.Module<Tensor, Tensor> CreateModel() => new VariationalAutoencoder();

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new VaeLearner(Vae(model));

    public override Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        RequireUnconditional(request);
        var vae = Vae(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        vae.eval();
        var generator = new Generator((ulong)request.Seed);
        return vae.Sample(request.Count, generator).cpu().MoveToOuterDisposeScope();   // [N, 1, 28, 28]
    }

    private VariationalAutoencoder Vae(nn.Module<Tensor, Tensor> model) =>
        model as VariationalAutoencoder ?? throw new ArgumentException($"{Name} works with a VariationalAutoencoder, not a {model.GetType().Name}.");
}
