using DeepArch.Runtime;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Feeds an <see cref="ImageDataset"/> to <see cref="Trainer.Fit"/>: shuffled byte batches become floats in [0, 1],
/// are augmented (training batches only) and normalised with the training set's per-channel statistics, one batch at
/// a time inside the trainer's dispose scope.
/// </summary>
public sealed class ImageDataModule : DataModule
{
    private readonly ImageDataset _train;
    private readonly ImageDataset? _validation;
    private readonly bool _normalize;
    private readonly Func<Tensor, Tensor>? _augment;
    private readonly TensorDataModule _batches;

    /// <summary>Creates the module; the datasets stay owned by the caller.</summary>
    /// <param name="train">Training images.</param>
    /// <param name="validation">Validation images, normalised with <paramref name="train"/>'s statistics; optional.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="normalize">Subtract the training mean and divide by its standard deviation, per channel.</param>
    /// <param name="augment">Applied to each training batch of floats in [0, 1], e.g. <c>new RandomCropFlip().Apply</c>.</param>
    /// <param name="seed">Seed of the shuffling order.</param>
    /// <exception cref="ArgumentException">The validation images differ in channels or size from the training images.</exception>
    public ImageDataModule(ImageDataset train, ImageDataset? validation = null, int batchSize = 64, bool normalize = true,
        Func<Tensor, Tensor>? augment = null, int seed = Seeding.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (validation is not null && (validation.Channels, validation.Height, validation.Width) != (train.Channels, train.Height, train.Width))
            throw new ArgumentException(
                $"Validation images are {validation.Channels}×{validation.Height}×{validation.Width} but training images are " +
                $"{train.Channels}×{train.Height}×{train.Width}.", nameof(validation));
        _train = train;
        _validation = validation;
        _normalize = normalize;
        _augment = augment;
        _batches = new TensorDataModule(train.Pixels, train.Labels, validation?.Pixels, validation?.Labels, batchSize, shuffle: true, seed);
    }

    /// <inheritdoc />
    public override int? TrainBatchCount => _batches.TrainBatchCount;

    /// <inheritdoc />
    public override IEnumerable<Batch> TrainBatches() =>
        _batches.TrainBatches().Select(batch => Convert(batch, _augment));

    /// <inheritdoc />
    public override IEnumerable<Batch> ValidationBatches() =>
        _validation is null ? [] : _batches.ValidationBatches().Select(batch => Convert(batch, augment: null));

    private Batch Convert(Batch bytes, Func<Tensor, Tensor>? augment)
    {
        // The training statistics normalise validation batches too: the model must see both through the same lens.
        var images = _train.Prepare(bytes.Inputs, _normalize, augment);
        bytes.Inputs.Dispose();
        return new Batch(images, bytes.Targets);
    }
}
