using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>rbm-mnist</c>: a binary <see cref="Rbm"/> (784 visible, 256 hidden units) trained with CD-1 on MNIST binarised
/// at 0.5 (AdamW on the CD surrogate loss, as every recipe trains), judged by the test reconstruction error.
/// <c>deeparch sample</c> runs Gibbs chains from random states (<see cref="SampleRequest.Steps"/> Gibbs steps,
/// 1000 by default) and returns the last visible probabilities.
/// </summary>
internal sealed class RbmMnist : Recipe, IImageGenerator
{
    private const int HiddenUnits = 256;
    private const int DefaultGibbsSteps = 1000;

    public override string Name => "rbm-mnist";

    public override string Dataset => Mnist.Remote.Name;

    public override string Description => "Restricted Boltzmann machine on binarised MNIST (CD-1, test reconstruction error).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 10, BatchSize: 64, LearningRate: 3e-3, WeightDecay: 0);

    public override string TestMetric => RbmLearner.ReconstructionError;

    public override nn.Module<Tensor, Tensor> CreateModel() => new Rbm(28 * 28, HiddenUnits);

    /// <inheritdoc />
    public Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (model is not Rbm rbm)
            throw new ArgumentException($"{Name} draws from an Rbm, not from a {model.GetType().Name}.");
        request.AcceptOnly($"{Name} draws unconditional images by Gibbs sampling (--steps)", "--steps");
        if (request.Steps is < 1)
            throw new ArgumentException($"{Name} needs at least one Gibbs step; got {request.Steps}.");
        Seeding.Seed(request.Seed);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var start = bernoulli(full(request.Count, rbm.Visible, 0.5f, device: rbm.Weight.device));
        var (_, probabilities) = rbm.Gibbs(start, request.Steps ?? DefaultGibbsSteps);
        return probabilities.reshape(request.Count, 1, 28, 28).cpu().MoveToOuterDisposeScope();
    }

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new RbmLearner((Rbm)model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize) => BinarizedMnist.Load(options, batchSize, LoadReal);
}
