using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class AutoencoderTests
{
    [Fact]
    public void TheBottleneckHasTheLatentSizeAndTheReconstructionTheImageShape()
    {
        using var autoencoder = new Autoencoder(new AutoencoderConfig(Latent: 2));
        using var images = rand(4, 1, 28, 28);

        using var code = autoencoder.Encode(images);
        using var reconstruction = autoencoder.call(images);

        Assert.Equal(new long[] { 4, 2 }, code.shape);
        Assert.Equal(new long[] { 4, 1, 28, 28 }, reconstruction.shape);
    }

    [Fact]
    public void CodesOfTheWrongSizeAreRejected()
    {
        using var autoencoder = new Autoencoder(new AutoencoderConfig(Latent: 2));
        using var code = zeros(4, 3);

        var error = Assert.Throws<ArgumentException>(() => autoencoder.Decode(code));

        Assert.Contains("[batch, 2]", error.Message);
    }

    [Fact]
    public void TheCodeStatisticsAreKeptWithTheWeights()
    {
        using var autoencoder = new Autoencoder();

        var names = autoencoder.state_dict().Keys;

        Assert.Contains("code_mean", names);
        Assert.Contains("code_variance", names);
    }

    [Fact]
    public void EncodingInTrainingModeMovesTheRunningMeanOfTheCodesButNotInEvaluationMode()
    {
        DeepArch.Runtime.Seeding.Seed(3);
        using var autoencoder = new Autoencoder();
        using var images = rand(16, 1, 28, 28);

        autoencoder.eval();
        using (autoencoder.Encode(images)) { }
        var unchanged = autoencoder.CodeMean.abs().sum().item<float>();
        autoencoder.train();
        using (autoencoder.Encode(images)) { }
        var moved = autoencoder.CodeMean.abs().sum().item<float>();

        Assert.Equal(0f, unchanged);
        Assert.True(moved > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void AFewTrainingStepsLowerTheReconstructionLoss(double noise)
    {
        DeepArch.Runtime.Seeding.Seed(6);
        using var autoencoder = new Autoencoder(new AutoencoderConfig(Hidden: 64, Latent: 2));
        var learner = new AutoencoderLearner(autoencoder, noise) { LearningRate = 3e-3 };
        using var images = (rand(32, 1, 28, 28) > 0.7).to(ScalarType.Float32);
        var batch = new Batch(images, zeros(32, dtype: ScalarType.Int64));
        var context = new TrainingContext(CPU, learner.Optimizer, clipNorm: null);

        var first = learner.TrainingStep(batch, context).Values[MetricNames.Loss];
        for (var step = 0; step < 30; step++)
            learner.TrainingStep(batch, context);
        var last = learner.Forward(batch).Result.Values[MetricNames.Loss];

        Assert.True(last < first - 50, $"{first} → {last}");
    }
}
