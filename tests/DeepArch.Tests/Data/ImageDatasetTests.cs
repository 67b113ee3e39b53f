using DeepArch.Data;
using DeepArch.Models;
using DeepArch.Runtime;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class ImageDatasetTests
{
    [Fact]
    public void ChannelStatisticsMatchTorchOnTheScaledPixels()
    {
        using var generator = new Generator(7);
        using var pixels = randint(0, 256, new long[] { 5, 3, 4, 6 }, generator: generator).to_type(ScalarType.Byte);
        using var scaled = pixels.to_type(ScalarType.Float64).div(255.0);

        var (mean, std) = ImageDataset.ChannelStatistics(pixels);

        for (var c = 0; c < 3; c++)
        {
            using var channel = scaled.select(1, c);
            Assert.Equal(channel.mean().item<double>(), mean[c], precision: 5);
            Assert.Equal(channel.std(unbiased: false).item<double>(), std[c], precision: 5);
        }
    }

    [Fact]
    public void NormalizedImagesHaveZeroMeanAndUnitDeviationPerChannel()
    {
        using var generator = new Generator(8);
        using var dataset = new ImageDataset(
            randint(0, 200, new long[] { 16, 3, 8, 8 }, generator: generator).to_type(ScalarType.Byte),
            zeros(16, ScalarType.Int64), ["a"]);

        using var images = dataset.ToTensor(normalize: true);
        using var raw = dataset.ToTensor();

        Assert.Equal(ScalarType.Float32, images.dtype);
        Assert.True(raw.max().item<float>() <= 200f / 255f + 1e-6f);
        for (var c = 0; c < 3; c++)
        {
            using var channel = images.select(1, c);
            Assert.Equal(0.0, channel.mean().item<float>(), precision: 4);
            Assert.Equal(1.0, channel.std(unbiased: false).item<float>(), precision: 4);
        }
    }

    [Fact]
    public void TheConstructorRejectsLabelsOutsideTheClasses()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageDataset(zeros(new long[] { 2, 1, 2, 2 }, ScalarType.Byte),
            tensor(new long[] { 0, 3 }), ["a", "b"]));

        Assert.Contains("Labels must lie in [0, 2)", error.Message);
    }

    [Fact]
    public void TheDataModuleNormalisesValidationBatchesWithTrainingStatistics()
    {
        var pixels = Enumerable.Repeat((byte)255, 8).Concat(Enumerable.Repeat((byte)51, 8)).ToArray();
        using var train = new ImageDataset(tensor(pixels, new long[] { 4, 1, 2, 2 }), zeros(4, ScalarType.Int64), ["a"]);
        using var validation = new ImageDataset(full(new long[] { 3, 1, 2, 2 }, 102, ScalarType.Byte), zeros(3, ScalarType.Int64), ["a"]);
        // Training pixels are half 0.2, half 1.0: mean 0.6, standard deviation 0.4.
        var module = new ImageDataModule(train, validation, batchSize: 2);

        var batches = module.ValidationBatches().ToList();

        Assert.Equal([2, 1], batches.Select(b => b.Size));
        Assert.All(batches, batch => Assert.True(batch.Inputs.allclose(full_like(batch.Inputs, (0.4 - 0.6) / 0.4), atol: 1e-5)));
        Assert.Equal(2, module.TrainBatchCount);
        Assert.Equal(4, module.TrainBatches().Sum(b => b.Size));
    }

    [Fact]
    public void TheDataModuleAugmentsTrainingBatchesOnly()
    {
        using var train = new ImageDataset(full(new long[] { 3, 1, 2, 2 }, 255, ScalarType.Byte), zeros(3, ScalarType.Int64), ["a"]);
        var module = new ImageDataModule(train, train, batchSize: 8, normalize: false, augment: images => images.mul(2));

        Assert.Equal(2f, module.TrainBatches().Single().Inputs.max().item<float>());
        Assert.Equal(1f, module.ValidationBatches().Single().Inputs.max().item<float>());
    }

    [Fact]
    public void ShapesTrainWithTheTrainerThroughTheDataModule()
    {
        Seeding.Seed(4);
        using var shapes = Shapes.Generate(256, size: 28, seed: 4, grayscale: true);
        using var network = new LeNet5(new LeNet5Config(Classes: Shapes.ShapeNames.Count));
        var data = new ImageDataModule(shapes.Images, batchSize: 32);

        var history = new Trainer(new TrainerOptions { Epochs = 2, Device = CPU }).Fit(new Classifier(network) { LearningRate = 1e-3 }, data);

        Assert.Equal(2, history.Epochs.Count);
        Assert.True(history.Train(MetricNames.Loss)[^1] < history.Train(MetricNames.Loss)[0]);
    }
}
