using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>A dataset's training and test images, e.g. <c>var (train, test) = Mnist.Load();</c>. Owns both.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split, carrying the training split's normalisation statistics.</param>
public sealed record ImageSplits(ImageDataset Train, ImageDataset Test) : IDisposable
{
    /// <summary>A <see cref="ImageDataModule"/> training on <see cref="Train"/> and validating on <see cref="Test"/>.</summary>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="normalize">Normalise with the training statistics.</param>
    /// <param name="augment">Applied to training batches, e.g. <c>new RandomCropFlip().Apply</c>.</param>
    /// <param name="seed">Seed of the shuffling order.</param>
    public ImageDataModule ToDataModule(int batchSize = 64, bool normalize = true, Func<Tensor, Tensor>? augment = null, int seed = Seeding.DefaultSeed) =>
        new(Train, Test, batchSize, normalize, augment, seed);

    /// <summary>Releases both splits.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
