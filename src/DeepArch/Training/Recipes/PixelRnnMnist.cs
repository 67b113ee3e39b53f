using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>pixelrnn-mnist</c>: the row-recurrent <see cref="PixelRnn"/> trained by exact maximum likelihood on MNIST
/// binarised at 0.5, judged by the test negative log-likelihood in bits per pixel (<c>bits_per_dim</c>; the metrics
/// also give <c>nll_nats</c> per image). <c>deeparch sample</c> draws digits pixel by pixel.
/// </summary>
internal sealed class PixelRnnMnist : Recipe, IImageGenerator
{
    public override string Name => "pixelrnn-mnist";

    public override string Dataset => Mnist.Remote.Name;

    public override string Description => "Row-recurrent PixelRNN on binarised MNIST (exact likelihood, test bits per pixel).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 5, BatchSize: 64, LearningRate: 3e-3, WeightDecay: 0);

    public override string TestMetric => PixelRnnLearner.BitsPerDim;

    public override nn.Module<Tensor, Tensor> CreateModel() => new PixelRnn();

    /// <inheritdoc />
    public Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (model is not PixelRnn pixelRnn)
            throw new ArgumentException($"{Name} draws from a PixelRnn, not from a {model.GetType().Name}.");
        request.AcceptOnly($"{Name} draws unconditional images");
        Seeding.Seed(request.Seed);
        pixelRnn.eval();
        using var samples = pixelRnn.Sample(request.Count);
        return samples.cpu();
    }

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new PixelRnnLearner((PixelRnn)model);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize) => BinarizedMnist.Load(options, batchSize, LoadReal);
}
