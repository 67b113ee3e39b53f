using DeepArch.Data;
using DeepArch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>lenet5-mnist</c>: <see cref="LeNet5"/> (modern: ReLU, max pooling) on MNIST's 60,000 training digits, tested on
/// its 10,000 test digits. The defaults aim at the course goal, at least 98.5 % test accuracy within a minute on two CPU
/// cores: 5 epochs of 469 batches of 128 at about 10 ms each.
/// </summary>
internal sealed class LeNet5Mnist : Recipe
{
    public override string Name => "lenet5-mnist";

    public override string Dataset => Mnist.Remote.Name;

    public override string Description => "LeNet-5 on MNIST digits (classification, test accuracy).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 5, BatchSize: 128, LearningRate: 4e-3, WeightDecay: 1e-2);

    public override string TestMetric => MetricNames.Accuracy;

    public override nn.Module<Tensor, Tensor> CreateModel() => new LeNet5();

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new Classifier(model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        if (options.SyntheticSamples is { } count)
        {
            // Gray 28×28 shapes stand in for digits: same tensor shapes, same model, labels 0-4 of its 10 classes.
            var train = Shapes.Generate(count, size: 28, seed: options.Seed, grayscale: true);
            var test = Shapes.Generate(SyntheticTestSamples(count), size: 28, seed: options.Seed + 1, grayscale: true);
            return new RecipeData(new ImageDataModule(train.Images, test.Images, batchSize, seed: options.Seed),
                train.Count, test.Count, Synthetic: true, [train, test]);
        }
        var splits = LoadReal(Mnist.Remote, Mnist.Load, options);
        return new RecipeData(splits.ToDataModule(batchSize, seed: options.Seed),
            splits.Train.Count, splits.Test.Count, Synthetic: false, [splits]);
    }
}
