using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// A <see cref="DataModule"/> over tensors held in memory (synthetic data, MNIST-sized datasets): batches are
/// slices of the training tensors, reshuffled every epoch from a seeded generator so runs repeat exactly.
/// The tensors stay owned by the caller.
/// </summary>
public sealed class TensorDataModule : DataModule
{
    private readonly Tensor _trainInputs;
    private readonly Tensor _trainTargets;
    private readonly Tensor? _validationInputs;
    private readonly Tensor? _validationTargets;
    private readonly Generator? _generator;

    /// <summary>Creates the module; <paramref name="validationInputs"/>/<paramref name="validationTargets"/> are optional.</summary>
    /// <exception cref="ArgumentException">Inputs and targets disagree on the number of samples, or a set is empty.</exception>
    public TensorDataModule(
        Tensor trainInputs, Tensor trainTargets,
        Tensor? validationInputs = null, Tensor? validationTargets = null,
        int batchSize = 64, bool shuffle = true, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckPair(trainInputs, trainTargets, "training");
        if ((validationInputs is null) != (validationTargets is null))
            throw new ArgumentException("Give both validation inputs and validation targets, or neither.");
        if (validationInputs is not null)
            CheckPair(validationInputs, validationTargets!, "validation");

        _trainInputs = trainInputs;
        _trainTargets = trainTargets;
        _validationInputs = validationInputs;
        _validationTargets = validationTargets;
        BatchSize = batchSize;
        if (shuffle)
            _generator = new Generator((ulong)seed);
    }

    /// <summary>Samples per batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Number of training samples.</summary>
    public long TrainSamples => _trainInputs.shape[0];

    /// <summary>Number of validation samples (0 without a validation set).</summary>
    public long ValidationSamples => _validationInputs?.shape[0] ?? 0;

    /// <inheritdoc />
    public override int? TrainBatchCount => (int)((TrainSamples + BatchSize - 1) / BatchSize);

    /// <inheritdoc />
    public override IEnumerable<Batch> TrainBatches()
    {
        if (_generator is null)
            return Slices(_trainInputs, _trainTargets, order: null);
        // The permutation must outlive the per-step dispose scopes the trainer opens, so it is not created in one.
        var order = randperm(TrainSamples, generator: _generator, dtype: int64);
        return DisposeAfter(Slices(_trainInputs, _trainTargets, order), order);
    }

    /// <inheritdoc />
    public override IEnumerable<Batch> ValidationBatches() =>
        _validationInputs is null ? [] : Slices(_validationInputs, _validationTargets!, order: null);

    private IEnumerable<Batch> Slices(Tensor inputs, Tensor targets, Tensor? order)
    {
        var count = inputs.shape[0];
        for (long start = 0; start < count; start += BatchSize)
        {
            var length = Math.Min(BatchSize, count - start);
            if (order is null)
            {
                yield return new Batch(inputs.narrow(0, start, length), targets.narrow(0, start, length));
            }
            else
            {
                using var index = order.narrow(0, start, length);
                yield return new Batch(inputs.index_select(0, index), targets.index_select(0, index));
            }
        }
    }

    private static IEnumerable<Batch> DisposeAfter(IEnumerable<Batch> batches, Tensor owned)
    {
        try
        {
            foreach (var batch in batches)
                yield return batch;
        }
        finally
        {
            owned.Dispose();
        }
    }

    private static void CheckPair(Tensor inputs, Tensor targets, string name)
    {
        if (inputs.dim() == 0 || targets.dim() == 0)
            throw new ArgumentException($"The {name} inputs and targets need a batch dimension; got shapes {Shape(inputs)} and {Shape(targets)}.");
        if (inputs.shape[0] != targets.shape[0])
            throw new ArgumentException(
                $"The {name} inputs and targets must have the same number of samples: inputs {Shape(inputs)}, targets {Shape(targets)}.");
        if (inputs.shape[0] == 0)
            throw new ArgumentException($"The {name} set is empty.");
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
