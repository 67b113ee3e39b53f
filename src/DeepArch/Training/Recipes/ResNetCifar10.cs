using DeepArch.Data;
using DeepArch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>resnet-cifar10</c>: the CIFAR ResNet-20 of He et al. (2015, §4.2) on CIFAR-10's 50,000 training images with
/// random crops (4-pixel padding) and horizontal flips, tested on its 10,000 test images.
/// </summary>
internal sealed class ResNetCifar10 : Recipe
{
    public override string Name => "resnet-cifar10";

    public override string Dataset => Cifar10.Remote.Name;

    public override string Description => "ResNet-20 on CIFAR-10 with random crops and flips (classification, test accuracy).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 15, BatchSize: 128, LearningRate: 4e-3, WeightDecay: 5e-2);

    public override string TestMetric => MetricNames.Accuracy;

    public override nn.Module<Tensor, Tensor> CreateModel() => new CifarResNet(CifarResNetConfig.ResNet20());

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new Classifier(model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var augment = new RandomCropFlip(seed: options.Seed).Apply;
        if (options.SyntheticSamples is { } count)
        {
            // Colour 32×32 shapes stand in for CIFAR images: same tensor shapes, same model, labels 0-4 of its 10 classes.
            var train = Shapes.Generate(count, size: 32, seed: options.Seed);
            var test = Shapes.Generate(SyntheticTestSamples(count), size: 32, seed: options.Seed + 1);
            return new RecipeData(new ImageDataModule(train.Images, test.Images, batchSize, augment: augment, seed: options.Seed),
                train.Count, test.Count, Synthetic: true, [train, test]);
        }
        var splits = LoadReal(Cifar10.Remote, Cifar10.Load, options);
        return new RecipeData(splits.ToDataModule(batchSize, augment: augment, seed: options.Seed),
            splits.Train.Count, splits.Test.Count, Synthetic: false, [splits]);
    }
}
