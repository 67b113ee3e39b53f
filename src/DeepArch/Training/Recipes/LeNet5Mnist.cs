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

    internal override RecipeData LoadData(RecipeOptions options, int batchSize) => LoadDigits(options, batchSize);
}
