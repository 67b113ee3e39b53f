using DeepArch.Data;
using DeepArch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>unet-shapes</c>: a small <see cref="UNet"/> segmenting generated <see cref="Shapes"/> images into background and
/// the five shape classes, trained with pixel-wise cross-entropy and judged by intersection over union on a test set
/// generated from another seed. The data are always generated, so this recipe never needs a download.
/// </summary>
internal sealed class UNetShapes : Recipe
{
    private const int TrainImages = 2000;
    private const int TestImages = 500;
    private const int ImageSize = 32;

    public override string Name => "unet-shapes";

    public override string Dataset => "shapes";

    public override string Description => "U-Net on generated shapes (segmentation with pixel-wise cross-entropy, test IoU).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 6, BatchSize: 32, LearningRate: 5e-3, WeightDecay: 1e-2);

    public override string TestMetric => Segmenter.IoU;

    public override nn.Module<Tensor, Tensor> CreateModel() => new UNet(UNetConfig.Small());

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new Segmenter(model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var trainCount = options.SyntheticSamples ?? TrainImages;
        var testCount = options.SyntheticSamples is { } count ? SyntheticTestSamples(count) : TestImages;
        using var train = Shapes.Generate(trainCount, ImageSize, options.Seed);
        using var test = Shapes.Generate(testCount, ImageSize, options.Seed + 1);
        // Images in [0, 1] (the U-Net's batch normalisation standardises them) and masks as int64 class indices.
        Tensor[] tensors =
        [
            train.Images.ToTensor(), train.Masks.to_type(ScalarType.Int64),     // [N, 3, S, S], [N, S, S]
            test.Images.ToTensor(), test.Masks.to_type(ScalarType.Int64),
        ];
        var module = new TensorDataModule(tensors[0], tensors[1], tensors[2], tensors[3], batchSize, shuffle: true, options.Seed);
        return new RecipeData(module, trainCount, testCount, Synthetic: options.SyntheticSamples is not null, tensors);
    }
}
