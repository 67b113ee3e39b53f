using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class DcganTests
{
    private static readonly DcganConfig Small = new(Latent: 8, Width: 8);

    [Fact]
    public void TheGeneratorMakesImagesInTheUnitRangeAndTheDiscriminatorOneLogitEach()
    {
        using var gan = new Dcgan(Small, new Generator(1));
        using var z = randn([3, 8], generator: new Generator(2));

        using var images = gan.Generate(z);
        using var logits = gan.Discriminate(images);

        Assert.Equal([3L, 1, 28, 28], images.shape);
        Assert.True(images.ge(0).all().item<bool>() && images.le(1).all().item<bool>());
        Assert.Equal([3L], logits.shape);
    }

    [Fact]
    public void ChangingTheLabelChangesTheGeneratedImage()
    {
        using var gan = new Dcgan(Small with { Classes = 10 }, new Generator(1));
        gan.eval();
        using var z = randn([1, 8], generator: new Generator(2)).expand(2, -1);
        using var labels = tensor(new long[] { 3, 7 });

        using var images = gan.Generate(z, labels);                       // the same z, two classes

        Assert.True((images[0] - images[1]).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void ChangingTheLabelChangesTheDiscriminatorsVerdict()
    {
        using var gan = new Dcgan(Small with { Classes = 10 }, new Generator(1));
        using var image = rand([1, 1, 28, 28], generator: new Generator(2)).expand(2, -1, -1, -1);
        using var labels = tensor(new long[] { 3, 7 });

        using var logits = gan.Discriminate(image, labels);

        Assert.NotEqual(logits[0].item<float>(), logits[1].item<float>());
    }

    [Fact]
    public void AConditionalGanRefusesToGenerateWithoutLabels()
    {
        using var gan = new Dcgan(Small with { Classes = 10 });
        using var z = zeros(2, 8);

        var error = Assert.Throws<ArgumentException>(() => gan.Generate(z));

        Assert.Contains("10 classes", error.Message);
    }

    [Fact]
    public void AnUnconditionalGanRefusesLabels()
    {
        using var gan = new Dcgan(Small);
        using var z = zeros(2, 8);
        using var labels = tensor(new long[] { 1, 2 });

        var error = Assert.Throws<ArgumentException>(() => gan.Generate(z, labels));

        Assert.Contains("unconditional", error.Message);
    }

    [Fact]
    public void ImagesOfTheWrongSizeAreRejectedWithTheExpectedShape()
    {
        using var gan = new Dcgan(Small);
        using var images = zeros(2, 1, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => gan.Discriminate(images));

        Assert.Contains("[batch, 1, 28, 28]", error.Message);
    }

    [Fact]
    public void LabelsOutOfRangeAreRejected()
    {
        using var gan = new Dcgan(Small with { Classes = 10 });
        using var z = zeros(1, 8);
        using var labels = tensor(new long[] { 10 });

        var error = Assert.Throws<ArgumentException>(() => gan.Generate(z, labels));

        Assert.Contains("0…9", error.Message);
    }

    [Fact]
    public void WithTheMinibatchSpreadAnImagesVerdictDependsOnTheRestOfItsBatch()
    {
        using var gan = new Dcgan(Small with { MinibatchStd = true }, new Generator(1));
        using var image = rand([1, 1, 28, 28], generator: new Generator(2));
        using var alike = cat([image, image], 0);                                // no spread
        using var varied = cat([image, rand([1, 1, 28, 28], generator: new Generator(3))], 0);

        using var alone = gan.Discriminate(alike);
        using var mixed = gan.Discriminate(varied);

        Assert.NotEqual(alone[0].item<float>(), mixed[0].item<float>());
    }

    [Fact]
    public void WithoutTheMinibatchSpreadAnImagesVerdictIsItsOwn()
    {
        using var gan = new Dcgan(Small, new Generator(1));
        using var image = rand([1, 1, 28, 28], generator: new Generator(2));
        using var varied = cat([image, rand([1, 1, 28, 28], generator: new Generator(3))], 0);

        using var alone = gan.Discriminate(image);
        using var mixed = gan.Discriminate(varied);

        Assert.Equal(alone[0].item<float>(), mixed[0].item<float>(), 1e-5f);
    }

    [Fact]
    public void WithoutAnAverageSamplesComeFromTheTrainedGenerator()
    {
        using var gan = new Dcgan(Small, new Generator(1));
        gan.eval();
        using var z = randn([3, 8], generator: new Generator(2));

        using var generated = gan.Generate(z);
        using var sampled = gan.Sample(z);

        Assert.False(gan.HasAverage);
        Assert.Equal(0, (generated - sampled).abs().max().item<float>());
    }

    [Fact]
    public void TheAverageStartsAsACopyOfTheGenerator()
    {
        using var gan = new Dcgan(Small with { AverageDecay = 0.99 }, new Generator(1));
        gan.eval();
        using var z = randn([3, 8], generator: new Generator(2));

        using var generated = gan.Generate(z);
        using var sampled = gan.Sample(z);

        Assert.True(gan.HasAverage);
        Assert.True((generated - sampled).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void AnAverageUpdateMixesTheOldAverageWithTheNewWeights()
    {
        using var gan = new Dcgan(Small with { AverageDecay = 0.99 }, new Generator(1));
        var state = gan.state_dict();
        var old = state["average.project.weight"][0, 0].item<float>();
        using (no_grad())
            state["generator.project.weight"].add_(1);                         // the generator moves by 1
        var moved = state["generator.project.weight"][0, 0].item<float>();

        gan.UpdateAverage();                                                    // first update: β₀ = min(0.99, 1/10)
        gan.UpdateAverage();                                                    // second: β₁ = min(0.99, 2/11)

        var first = 0.1 * old + 0.9 * moved;
        var expected = 2.0 / 11 * first + 9.0 / 11 * moved;
        Assert.Equal(expected, state["average.project.weight"][0, 0].item<float>(), 1e-5);
    }

    [Fact]
    public void ATrainingStepUpdatesTheAverage()
    {
        using var shapes = Shapes.Generate(8, size: 28, seed: 1, grayscale: true);
        using var gan = new Dcgan(Small with { AverageDecay = 0.99 }, new Generator(1));
        var before = gan.state_dict()["average.up2.weight"].clone();
        var learner = new GanLearner(gan, noise: new Generator(2));

        learner.TrainingStep(new Batch(shapes.Images.ToTensor(), shapes.Images.Labels), new TrainingContext(CPU, null, null));

        var after = gan.state_dict()["average.up2.weight"];
        Assert.True((after - before).abs().max().item<float>() > 0);
        Assert.Equal(1, gan.state_dict()["average_updates"].item<long>());
    }

    [Fact]
    public void AnAverageDecayOfOneIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new Dcgan(Small with { AverageDecay = 1 }));
    }

    [Fact]
    public void APackedMlpDiscriminatorGivesOneLogitPerPack()
    {
        using var gan = new GanMlp(new GanMlpConfig(Pack: 4));
        using var points = zeros(8, 2);
        using var odd = zeros(6, 2);

        using var logits = gan.Discriminate(points);

        Assert.Equal([2L], logits.shape);
        Assert.Throws<ArgumentException>(() => gan.Discriminate(odd));
    }
}
