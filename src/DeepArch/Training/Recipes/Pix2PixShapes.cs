using DeepArch.Data;
using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>pix2pix-shapes</c>: <see cref="Pix2Pix"/> translating the silhouettes of generated <see cref="Shapes"/> (32×32)
/// into coloured shape images, with the paper's objective (adversarial + 100·L1, Adam 2e-4, β₁ = 0.5); measured on
/// 500 held-out pairs generated from another seed by the mean absolute error <c>l1</c> and the foreground IoU. The
/// data are always generated, so this recipe never needs a download. <c>deeparch sample pix2pix-shapes</c> translates
/// the silhouettes of freshly generated shapes (from the request's seed).
/// </summary>
internal sealed class Pix2PixShapes : Recipe, IImageGenerator
{
    private const int TrainImages = 2000;
    private const int TestImages = 500;
    private const int ImageSize = 32;

    public override string Name => "pix2pix-shapes";

    public override string Dataset => "shapes";

    public override string Description => "pix2pix (U-Net + PatchGAN, adversarial + L1) from shape silhouettes to coloured shapes (held-out L1, IoU).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 6, BatchSize: 32, LearningRate: 2e-4, WeightDecay: 0);

    public override string TestMetric => Pix2PixLearner.L1;

    public override nn.Module<Tensor, Tensor> CreateModel() => new Pix2Pix();

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new Pix2PixLearner(Model(model));

    internal override Learner CreateTrainingLearner(nn.Module<Tensor, Tensor> model, double learningRate, int totalSteps, int completedSteps) =>
        new Pix2PixLearner(Model(model), learningRate);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var trainCount = options.SyntheticSamples ?? TrainImages;
        var testCount = options.SyntheticSamples is { } count ? SyntheticTestSamples(count) : TestImages;
        using var train = Shapes.Generate(trainCount, ImageSize, options.Seed);
        using var test = Shapes.Generate(testCount, ImageSize, options.Seed + 1);
        var (trainCondition, trainTarget) = Pix2PixPairs.From(train);                   // (N, 1, S, S), (N, 3, S, S)
        var (testCondition, testTarget) = Pix2PixPairs.From(test);
        var module = new TensorDataModule(trainCondition, trainTarget, testCondition, testTarget, batchSize, shuffle: true, options.Seed);
        return new RecipeData(module, trainCount, testCount, Synthetic: options.SyntheticSamples is not null,
            [trainCondition, trainTarget, testCondition, testTarget]);
    }

    /// <inheritdoc />
    public Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        request.AcceptOnly($"{Name} translates silhouettes of random shapes (--count and --seed only)");
        var pix2pix = Model(model);
        using var shapes = Shapes.Generate(request.Count, ImageSize, request.Seed);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        pix2pix.eval();
        var device = pix2pix.parameters().First().device;
        var (condition, _) = Pix2PixPairs.From(shapes);
        return pix2pix.call(condition.to(device)).cpu().MoveToOuterDisposeScope();     // (N, 3, S, S)
    }

    private Pix2Pix Model(nn.Module<Tensor, Tensor> model) =>
        model as Pix2Pix ?? throw new ArgumentException($"{Name} works with a Pix2Pix model, not a {model.GetType().Name}.");
}
