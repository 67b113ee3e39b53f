using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Batches for a transformer language model, as nanoGPT draws them: each training batch is B windows of T + 1 tokens
/// starting at random places of the training text (inputs the first T, targets the last T); an epoch is a fixed number
/// of such batches. Validation reads the whole validation text once as consecutive windows of T predicted tokens, so
/// every validation token is scored exactly once, with the tokens before it in its window as context.
/// </summary>
public sealed class TokenWindows : DataModule, IDisposable
{
    private readonly Tensor _train;        // [N]
    private readonly Tensor _validation;   // [Nv_windows, T + 1]
    private readonly Generator _generator;
    private readonly int _stepsPerEpoch;
    private readonly int _validationBatchSize;

    /// <summary>Windows of <paramref name="trainIds"/> and <paramref name="validationIds"/> (both <c>int64 [N]</c>).</summary>
    /// <param name="trainIds">The training text's ids.</param>
    /// <param name="validationIds">The validation text's ids.</param>
    /// <param name="batchSize">Windows B per training batch.</param>
    /// <param name="contextLength">Tokens T predicted per window.</param>
    /// <param name="stepsPerEpoch">Training batches per epoch.</param>
    /// <param name="seed">Seed of the windows' starting places.</param>
    /// <param name="validationBatchSize">Windows per validation batch.</param>
    /// <exception cref="ArgumentException">A text is shorter than one window.</exception>
    public TokenWindows(Tensor trainIds, Tensor validationIds, int batchSize, int contextLength, int stepsPerEpoch, int seed, int validationBatchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(trainIds);
        ArgumentNullException.ThrowIfNull(validationIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationBatchSize, 1);
        if (trainIds.dim() != 1 || trainIds.shape[0] < contextLength + 2)
            throw new ArgumentException($"The training text must be ids [N] with N ≥ {contextLength + 2}; got {ScaledDotProductAttention.Shape(trainIds)}.", nameof(trainIds));
        if (validationIds.dim() != 1 || validationIds.shape[0] < contextLength + 1)
            throw new ArgumentException($"The validation text must be ids [N] with N ≥ {contextLength + 1}; got {ScaledDotProductAttention.Shape(validationIds)}.", nameof(validationIds));
        BatchSize = batchSize;
        ContextLength = contextLength;
        _stepsPerEpoch = stepsPerEpoch;
        _validationBatchSize = validationBatchSize;
        _train = trainIds.to_type(ScalarType.Int64).contiguous();
        // Windows of T + 1 tokens, T apart: the last token of one is the first of the next, so each token is a target once.
        _validation = validationIds.to_type(ScalarType.Int64).unfold(0, contextLength + 1, contextLength).contiguous();   // [W, T + 1]
        _generator = new Generator((ulong)seed);
    }

    /// <summary>Windows B per training batch.</summary>
    public int BatchSize { get; }

    /// <summary>Tokens T predicted per window.</summary>
    public int ContextLength { get; }

    /// <summary>Validation tokens scored per evaluation.</summary>
    public long ValidationTokens => _validation.shape[0] * ContextLength;

    /// <inheritdoc />
    public override int? TrainBatchCount => _stepsPerEpoch;

    /// <inheritdoc />
    public override IEnumerable<Batch> TrainBatches()
    {
        for (var step = 0; step < _stepsPerEpoch; step++)
        {
            var starts = randint(_train.shape[0] - ContextLength - 1, [BatchSize, 1], dtype: ScalarType.Int64, generator: _generator);   // [B, 1]
            var window = _train[starts + arange(ContextLength + 1, dtype: ScalarType.Int64)];                                            // [B, T + 1]
            yield return new Batch(window[.., ..^1], window[.., 1..]);                                                                     // [B, T] each
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Batch> ValidationBatches()
    {
        for (long start = 0; start < _validation.shape[0]; start += _validationBatchSize)
        {
            var windows = _validation.narrow(0, start, Math.Min(_validationBatchSize, _validation.shape[0] - start));   // [b, T + 1]
            yield return new Batch(windows[.., ..^1], windows[.., 1..]);
        }
    }

    /// <summary>Releases the texts.</summary>
    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
        _generator.Dispose();
    }
}
