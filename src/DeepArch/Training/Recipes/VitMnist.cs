using DeepArch.Data;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>vit-mnist</c>: a small <see cref="VisionTransformer"/> (7 × 7 patches, so 16 tokens and a class token; 3 blocks,
/// 4 heads, 64 wide) on MNIST, tested on its test digits (test accuracy). Chapter 05 compares it with the chapter-02 CNN
/// as the training set grows.
/// </summary>
internal sealed class VitMnist : Recipe
{
    public override string Name => "vit-mnist";

    public override string Dataset => Mnist.Remote.Name;

    public override string Description => "Small vision transformer (7×7 patches) on MNIST digits (classification, test accuracy).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 10, BatchSize: 128, LearningRate: 3e-3, WeightDecay: 5e-2);

    public override string TestMetric => MetricNames.Accuracy;

    // Transformers: weight decay on matrices and embeddings only, not on biases and LayerNorm gains.
    internal override bool DecayMatricesOnly => true;

    internal static VisionTransformerConfig ModelConfig => new(ImageSize: 28, PatchSize: 7, Channels: 1, Classes: 10, Layers: 3, Heads: 4, Width: 64);

    public override nn.Module<Tensor, Tensor> CreateModel() => new VisionTransformer(ModelConfig);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new Classifier(model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize) => LoadDigits(options, batchSize);
}
