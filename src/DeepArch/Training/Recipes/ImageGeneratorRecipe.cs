using DeepArch.Data;
using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// A generative recipe on MNIST (gray 28×28 shapes as the synthetic stand-in): pixels in [0, 1], not normalised, as
/// binary cross-entropy wants them; after training, 1,000 samples are measured with the <see cref="Yardstick"/>,
/// whose judge is LeNet-5 from <c>lenet5-mnist.ckpt</c> beside this recipe's checkpoint when present (trained on the
/// training split otherwise), or a small CNN trained on the shapes.
/// </summary>
internal abstract class ImageGeneratorRecipe : Recipe, IImageGenerator
{
    /// <summary>Samples the yardstick measures after training.</summary>
    public const int YardstickSamples = 1000;

    public override string Dataset => Mnist.Remote.Name;

    public override string TestMetric => MetricNames.Loss;

    public abstract Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        if (options.SyntheticSamples is { } count)
        {
            var train = Shapes.Generate(count, size: 28, seed: options.Seed, grayscale: true);
            var test = Shapes.Generate(SyntheticTestSamples(count), size: 28, seed: options.Seed + 1, grayscale: true);
            return new RecipeData(new ImageDataModule(train.Images, test.Images, batchSize, normalize: false, seed: options.Seed),
                train.Count, test.Count, Synthetic: true, [train, test]);
        }
        var splits = LoadReal(Mnist.Remote, Mnist.Load, options);
        return new RecipeData(splits.ToDataModule(batchSize, normalize: false, seed: options.Seed),
            splits.Train.Count, splits.Test.Count, Synthetic: false, [splits]);
    }

    /// <summary><c>test_loss_nats</c> (the test loss, nats per image) and the yardstick's figures on 1,000 samples.</summary>
    internal override IReadOnlyDictionary<string, double> Measure(
        nn.Module<Tensor, Tensor> model, RecipeData data, RecipeOptions options, IReadOnlyDictionary<string, double> test)
    {
        var (train, testImages) = Splits(data);
        var judge = data.Synthetic
            ? Judge.ForShapes(train, seed: options.Seed)
            : Judge.ForMnist(train, JudgeCheckpoint(options), seed: options.Seed);
        using var real = testImages.ToTensor();
        using var yardstick = new Yardstick(judge, real);
        using var samples = Generate(model, new SampleRequest { Count = MeasuredSamples(data), Seed = options.Seed });
        var figures = new Dictionary<string, double>(yardstick.Measure(samples).ToFigures())
        {
            ["judge_test_accuracy"] = judge.Accuracy(testImages),
        };
        if (test.TryGetValue(MetricNames.Loss, out var loss))
            figures["test_loss_nats"] = loss;
        return figures;
    }

    /// <summary>Samples the yardstick measures: <see cref="YardstickSamples"/>; slow samplers may draw fewer on synthetic smoke data.</summary>
    private protected virtual int MeasuredSamples(RecipeData data) => YardstickSamples;

    /// <summary>Refuses the request's fields an unconditional image model cannot honour.</summary>
    private protected void RequireUnconditional(SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        request.AcceptOnly($"{Name} draws unconditional images");
    }

    private static string? JudgeCheckpoint(RecipeOptions options) =>
        options.CheckpointPath is { } path ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "lenet5-mnist.ckpt") : null;

    private static (ImageDataset Train, ImageDataset Test) Splits(RecipeData data)
    {
        if (data.Owners.OfType<ImageSplits>().FirstOrDefault() is { } splits)
            return (splits.Train, splits.Test);
        var shapes = data.Owners.OfType<ShapesDataset>().ToList();
        return (shapes[0].Images, shapes[1].Images);
    }
}
