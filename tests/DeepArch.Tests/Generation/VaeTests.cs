using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

/// <summary>
/// Runs alone: the ELBO training test seeds torch's global generator, from which the model draws its initial weights (its
/// constructor takes no generator), and a test running beside it would draw from it too (see GlobalRandomState).
/// </summary>
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class VaeTests
{
    [Fact]
    public void TheHeadsAndTheDecoderHaveTheDocumentedShapes()
    {
        using var vae = new VariationalAutoencoder(new VaeConfig(Latent: 5));
        using var images = rand(3, 1, 28, 28);

        var (mean, logVariance) = vae.Encode(images);
        using var logits = vae.DecodeLogits(mean);
        using var reconstruction = vae.call(images);

        Assert.Equal(new long[] { 3, 5 }, mean.shape);
        Assert.Equal(new long[] { 3, 5 }, logVariance.shape);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, logits.shape);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, reconstruction.shape);
    }

    [Fact]
    public void ImagesOfTheWrongSizeAreRejectedWithTheExpectedShape()
    {
        using var vae = new VariationalAutoencoder();
        using var images = rand(3, 1, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => vae.Encode(images));

        Assert.Contains("[batch, 1, 28, 28]", error.Message);
    }

    [Fact]
    public void TheClosedFormKlAgreesWithAMonteCarloEstimate()
    {
        using var mean = tensor(new[] { 0.5, -1.0, 2.0 }, [1, 3]);
        using var logVariance = tensor(new[] { -0.5, 0.3, 0.0 }, [1, 3]);
        var generator = new TorchSharp.torch.Generator(1);
        using var scope = NewDisposeScope();
        // KL(q ‖ p) = E_q[log q(z) − log p(z)]; the normal densities' 2π terms cancel.
        var sigma = (0.5 * logVariance).exp();
        var z = mean + sigma * randn([400_000, 3], dtype: ScalarType.Float64, generator: generator);
        var logQ = (-0.5 * logVariance - (z - mean).square() / (2 * sigma.square())).sum(1);
        var logP = (-0.5 * z.square()).sum(1);
        var monteCarlo = (logQ - logP).mean().item<double>();

        var closedForm = VaeLoss.KlDivergence(mean, logVariance).item<double>();

        Assert.InRange(closedForm, monteCarlo - 0.02, monteCarlo + 0.02);
    }

    [Fact]
    public void TheKlOfTheStandardNormalIsZero()
    {
        using var zero = zeros(4, 6);

        using var kl = VaeLoss.KlDivergence(zero, zero);

        Assert.True(kl.abs().max().item<float>() < 1e-7);
    }

    [Fact]
    public void LogitsOfZeroCostLn2PerPixel()
    {
        using var logits = zeros(2, 1, 28, 28);
        using var images = rand(2, 1, 28, 28);

        using var nats = VaeLoss.ReconstructionNats(logits, images);

        // p = ½ for every pixel: −x ln ½ − (1 − x) ln ½ = ln 2 whatever x.
        Assert.Equal(784 * Math.Log(2), nats[0].item<float>(), 2);
        Assert.Equal(784 * Math.Log(2), nats[1].item<float>(), 2);
    }

    [Fact]
    public void ReparameterisationLetsTheGradientReachTheMean()
    {
        using var mean = zeros(2, 3).requires_grad_();
        using var logVariance = zeros(2, 3).requires_grad_();

        using var z = VariationalAutoencoder.Reparameterize(mean, logVariance);
        z.sum().backward();

        Assert.True(mean.grad!.eq(1).all().item<bool>());      // ∂z/∂μ = 1
        Assert.NotNull(logVariance.grad);
    }

    [Fact]
    public void AFewTrainingStepsLowerTheNegativeElbo()
    {
        DeepArch.Runtime.Seeding.Seed(5);
        using var vae = new VariationalAutoencoder(new VaeConfig(Hidden: 64, Latent: 4));
        var learner = new VaeLearner(vae) { LearningRate = 3e-3 };
        using var images = (rand(32, 1, 28, 28) > 0.7).to(ScalarType.Float32);
        var batch = new Batch(images, zeros(32, dtype: ScalarType.Int64));
        var context = new TrainingContext(CPU, learner.Optimizer, clipNorm: null);

        var first = learner.TrainingStep(batch, context).Values[MetricNames.Loss];
        for (var step = 0; step < 30; step++)
            learner.TrainingStep(batch, context);
        var last = learner.Forward(batch).Result.Values[MetricNames.Loss];

        Assert.True(last < first - 50, $"{first} → {last}");
    }

    [Fact]
    public void SamplesFromThePriorAreImagesInTheUnitRange()
    {
        using var vae = new VariationalAutoencoder();

        using var samples = vae.Sample(5, new TorchSharp.torch.Generator(2));

        Assert.Equal(new long[] { 5, 1, 28, 28 }, samples.shape);
        Assert.True(samples.min().item<float>() >= 0 && samples.max().item<float>() <= 1);
    }
}
