using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class GanLearnerTests
{
    private static readonly DcganConfig Small = new(Latent: 8, Width: 8);

    private static Batch RealBatch(ShapesDataset shapes) => new(shapes.Images.ToTensor(), shapes.Images.Labels);

    private static TrainingContext Context() => new(CPU, optimizer: null, clipNorm: null);

    [Fact]
    public void DiscriminatorStepsLowerTheDiscriminatorsLoss()
    {
        using var shapes = Shapes.Generate(32, size: 28, seed: 1, grayscale: true);
        using var gan = new Dcgan(Small, new Generator(1));
        // The generator barely moves, so D's loss on the same real batch and the same z can only fall by D's own steps.
        var learner = new GanLearner(gan, new GanSettings { GeneratorLearningRate = 1e-12, DiscriminatorLearningRate = 1e-3 }, new Generator(2));
        var batch = RealBatch(shapes);
        using var z = randn([32, 8], generator: new Generator(3));

        var before = DiscriminatorLoss(gan, batch, z);
        for (var step = 0; step < 10; step++)
            learner.TrainingStep(batch, Context());
        var after = DiscriminatorLoss(gan, batch, z);

        Assert.True(after < before - 0.05, $"D's loss went from {before} to {after}.");
    }

    [Fact]
    public void GeneratorStepsLowerTheGeneratorsLoss()
    {
        using var shapes = Shapes.Generate(32, size: 28, seed: 1, grayscale: true);
        using var gan = new Dcgan(Small, new Generator(1));
        var batch = RealBatch(shapes);
        // First a discriminator that tells real from fake (G frozen), then G alone against it (D frozen).
        var discriminatorOnly = new GanLearner(gan, new GanSettings { GeneratorLearningRate = 1e-12, DiscriminatorLearningRate = 1e-3 }, new Generator(2));
        for (var step = 0; step < 10; step++)
            discriminatorOnly.TrainingStep(batch, Context());
        var learner = new GanLearner(gan, new GanSettings { GeneratorLearningRate = 1e-3, DiscriminatorLearningRate = 1e-12 }, new Generator(4));
        using var z = randn([32, 8], generator: new Generator(3));

        var before = GeneratorLoss(gan, z);
        for (var step = 0; step < 10; step++)
            learner.TrainingStep(batch, Context());
        var after = GeneratorLoss(gan, z);

        Assert.True(after < before - 0.01, $"G's loss went from {before} to {after}.");
    }

    [Fact]
    public void AStepReportsBothLossesAndBothVerdicts()
    {
        using var shapes = Shapes.Generate(8, size: 28, seed: 1, grayscale: true);
        using var gan = new Dcgan(Small, new Generator(1));
        var learner = new GanLearner(gan, noise: new Generator(2));

        var result = learner.TrainingStep(RealBatch(shapes), Context());

        Assert.Equal(["d_fake", "d_real", "loss", "loss_d", "loss_g"], result.Values.Keys.Order());
        Assert.InRange(result.Values[GanLearner.DReal], 0, 1);
        Assert.InRange(result.Values[GanLearner.DFake], 0, 1);
    }

    [Fact]
    public void ANaNLossStopsTrainingWithAClearMessageBeforeAnyUpdate()
    {
        using var shapes = Shapes.Generate(8, size: 28, seed: 1, grayscale: true);
        using var gan = new Dcgan(Small, new Generator(1));
        var learner = new GanLearner(gan, noise: new Generator(2));
        using var poisoned = shapes.Images.ToTensor().index_fill(0, tensor(new long[] { 0 }), double.NaN);
        var weights = gan.parameters().Select(p => p.detach().clone()).ToList();

        var error = Assert.Throws<GanDivergedException>(() => learner.TrainingStep(new Batch(poisoned, shapes.Images.Labels), Context()));

        Assert.Contains("discriminator's loss is NaN", error.Message);
        Assert.All(gan.parameters().Zip(weights), pair => Assert.Equal(0f, (pair.First - pair.Second).abs().max().item<float>()));
    }

    private static double DiscriminatorLoss(Dcgan gan, Batch batch, Tensor z)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return GanLoss.Discriminator(gan.Discriminate(batch.Inputs), gan.Discriminate(gan.Generate(z))).item<float>();
    }

    private static double GeneratorLoss(Dcgan gan, Tensor z)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return GanLoss.Generator(gan.Discriminate(gan.Generate(z))).item<float>();
    }
}
