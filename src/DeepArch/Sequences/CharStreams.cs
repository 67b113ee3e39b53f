using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Batches for truncated back-propagation through time. The training text is cut into B contiguous streams read side
/// by side, <c>[B, N/B]</c>; each batch is the next window of T characters of every stream (inputs <c>[B, T]</c>,
/// targets the same shifted by one), so row b of one batch continues row b of the previous one and a learner can
/// carry its state across batches (see <see cref="CharLanguageModelLearner"/>). An epoch is
/// <see cref="TrainBatchCount"/> windows; the reading position carries over to the next epoch and wraps at the end.
/// Validation is one batch holding the whole validation text as <see cref="ValidationStreams"/> streams, which the
/// learner reads window after window with its state carried.
/// </summary>
public sealed class CharStreams : DataModule, IDisposable
{
    private readonly Tensor _train;        // [B, S]
    private readonly Tensor _validation;   // [Bv, Sv]
    private readonly int _stepsPerEpoch;
    private long _position;

    /// <summary>Streams of <paramref name="trainIds"/> and <paramref name="validationIds"/> (both <c>int64 [N]</c>).</summary>
    /// <param name="trainIds">The training text's ids.</param>
    /// <param name="validationIds">The validation text's ids.</param>
    /// <param name="batchSize">Training streams B.</param>
    /// <param name="windowLength">Characters T per window: how far back gradients flow.</param>
    /// <param name="stepsPerEpoch">Windows per epoch.</param>
    /// <param name="validationStreams">Streams the validation text is cut into.</param>
    /// <exception cref="ArgumentException">A text is too short for its streams and windows.</exception>
    public CharStreams(Tensor trainIds, Tensor validationIds, int batchSize, int windowLength, int stepsPerEpoch, int validationStreams = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationStreams, 1);
        WindowLength = windowLength;
        _stepsPerEpoch = stepsPerEpoch;
        _train = Streams(trainIds, batchSize, windowLength + 1, nameof(trainIds));
        _validation = Streams(validationIds, validationStreams, 2, nameof(validationIds));
    }

    /// <summary>Characters T per training window.</summary>
    public int WindowLength { get; }

    /// <summary>Training streams B.</summary>
    public int BatchSize => (int)_train.shape[0];

    /// <summary>Streams the validation text is read as.</summary>
    public int ValidationStreams => (int)_validation.shape[0];

    /// <summary>Characters predicted per training step, B × T.</summary>
    public long TokensPerStep => (long)BatchSize * WindowLength;

    /// <summary>Characters of validation text scored per evaluation.</summary>
    public long ValidationTokens => _validation.shape[0] * (_validation.shape[1] - 1);

    /// <inheritdoc />
    public override int? TrainBatchCount => _stepsPerEpoch;

    /// <inheritdoc />
    public override IEnumerable<Batch> TrainBatches()
    {
        var length = _train.shape[1];
        for (var step = 0; step < _stepsPerEpoch; step++)
        {
            if (_position + WindowLength + 1 > length)
                _position = 0;
            var window = _train.narrow(1, _position, WindowLength + 1);   // [B, T + 1]
            _position += WindowLength;
            yield return new Batch(window[.., ..^1], window[.., 1..]);     // [B, T], [B, T]
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Batch> ValidationBatches()
    {
        yield return new Batch(_validation[.., ..^1], _validation[.., 1..]);  // [Bv, Sv − 1] each
    }

    /// <summary>Releases the streams.</summary>
    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
    }

    private static Tensor Streams(Tensor ids, int streams, int minimum, string name)
    {
        if (ids.dim() != 1)
            throw new ArgumentException($"Expected a 1-D tensor of character ids; got [{string.Join(", ", ids.shape)}].", name);
        var length = ids.shape[0] / streams;
        if (length < minimum)
            throw new ArgumentException($"{ids.shape[0]} characters are too few for {streams} streams of at least {minimum}.", name);
        using var _ = NewDisposeScope();
        return ids.to_type(ScalarType.Int64).narrow(0, 0, streams * length).reshape(streams, length).contiguous().MoveToOuterDisposeScope();
    }
}
