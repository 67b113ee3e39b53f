using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class Pix2PixTests
{
    [Fact]
    public void TheGeneratorTranslatesAMaskIntoAnImageOfTheSameSizeAndTheDiscriminatorJudgesPatches()
    {
        using var model = new Pix2Pix(new Pix2PixConfig(InputChannels: 1, OutputChannels: 3, Width: 4));
        using var masks = zeros(2, 1, 32, 32);

        using var images = model.call(masks);
        using var patches = model.Discriminate(masks, images);

        Assert.Equal([2L, 3, 32, 32], images.shape);
        Assert.True(images.gt(0).all().item<bool>() && images.lt(1).all().item<bool>());
        Assert.Equal([2L, 1, 8, 8], patches.shape);
    }

    [Fact]
    public void AConditionAndAnImageOfDifferentSizesAreRejected()
    {
        using var model = new Pix2Pix(new Pix2PixConfig(Width: 4));
        using var masks = zeros(2, 1, 32, 32);
        using var images = zeros(2, 3, 16, 16);

        var error = Assert.Throws<ArgumentException>(() => model.Discriminate(masks, images));

        Assert.Contains("[B, 1, H, W] and an image [B, 3, H, W]", error.Message);
    }

    [Fact]
    public void ThePairsAreTheSilhouetteAndTheColouredImage()
    {
        using var shapes = Shapes.Generate(4, size: 32, seed: 3);

        var (silhouette, image) = Pix2PixPairs.From(shapes);
        var (input, target) = Pix2PixPairs.From(shapes, Pix2PixDirection.ImageToMask);

        Assert.Equal([4L, 1, 32, 32], silhouette.shape);
        Assert.Equal(shapes.Masks.ne(0).sum().item<long>(), silhouette.sum().item<float>(), 0.5);
        Assert.True(image.equal(shapes.Images.ToTensor()).all().item<bool>());
        Assert.True(input.equal(image).all().item<bool>() && target.equal(silhouette).all().item<bool>());
    }

    [Fact]
    public void TheForegroundIoUCountsPixelsWhoseBrightestChannelExceedsAHalf()
    {
        // Foregrounds: translated {0, 1} (pixel 0 bright in red, pixel 1 in blue), target {1, 2}: IoU = 1/3.
        using var translated = tensor(new[] { 0.9f, 0.1f, 0.1f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f }, [1, 3, 1, 3]);
        using var target = tensor(new[] { 0f, 1f, 1f }, [1, 1, 1, 3]);

        var iou = Pix2PixLearner.ForegroundIoU(translated, target);

        Assert.Equal(1.0 / 3, iou, 1e-12);
    }

    [Fact]
    public void AFewStepsLowerTheL1ErrorOnTheirBatch()
    {
        using var shapes = Shapes.Generate(16, size: 32, seed: 2);
        var (condition, target) = Pix2PixPairs.From(shapes);
        using var model = new Pix2Pix(new Pix2PixConfig(Width: 4));
        var learner = new Pix2PixLearner(model, learningRate: 2e-3);
        var batch = new Batch(condition, target);
        var context = new TrainingContext(CPU, optimizer: null, clipNorm: null);

        var first = learner.TrainingStep(batch, context).Values[Pix2PixLearner.L1];
        for (var step = 0; step < 10; step++)
            learner.TrainingStep(batch, context);
        var last = learner.TrainingStep(batch, context).Values[Pix2PixLearner.L1];

        Assert.True(last < first - 0.02, $"L1 went from {first} to {last}.");
    }

    [Fact]
    public void ASyntheticRunReportsHeldOutL1AndIoUAndTranslatesFreshSilhouettes()
    {
        var recipe = RecipeCatalog.Find("pix2pix-shapes");
        using var prepared = recipe.Prepare(new RecipeOptions { SyntheticSamples = 16, BatchSize = 8, Epochs = 1, Device = "cpu" });

        var result = prepared.Train();
        using var samples = ((IImageGenerator)recipe).Generate(prepared.Model, new SampleRequest { Count = 3, Seed = 1 });

        Assert.InRange(result.Test[Pix2PixLearner.L1], 0, 1);
        Assert.InRange(result.Test[Pix2PixLearner.IoU], 0, 1);
        Assert.Equal([3L, 3, 32, 32], samples.shape);
    }
}
