using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Trains a <see cref="PhraseTranslator"/> by teacher forcing: the decoder reads the target shifted right (start token
/// first) and predicts every next word; the loss is the cross-entropy of those predictions in nats per target token,
/// padding excluded. Batches hold French ids <c>[B, S]</c> as inputs and English ids <c>[B, T]</c> (start, words, end,
/// padding) as targets. Metrics: <c>loss</c> and <c>token_accuracy</c>, the share of non-padding target tokens whose
/// most likely prediction is right.
/// </summary>
public sealed class TranslatorLearner : Learner
{
    /// <summary>Name of the token-accuracy metric.</summary>
    public const string TokenAccuracy = "token_accuracy";

    /// <summary>Wraps <paramref name="model"/>.</summary>
    public TranslatorLearner(PhraseTranslator model) : base(model) => ArgumentNullException.ThrowIfNull(model);

    /// <summary>Teacher-forced loss of a batch.</summary>
    /// <exception cref="ArgumentException">The batch is not French ids <c>[B, S]</c> and English ids <c>[B, T ≥ 2]</c>.</exception>
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Inputs.dim() != 2 || batch.Targets.dim() != 2 || batch.Targets.shape[1] < 2 || batch.Inputs.shape[0] != batch.Targets.shape[0])
            throw new ArgumentException($"Expected French ids [B, S] and English ids [B, T ≥ 2]; got " +
                $"{ScaledDotProductAttention.Shape(batch.Inputs)} and {ScaledDotProductAttention.Shape(batch.Targets)}.", nameof(batch));
        var translator = ((PhraseTranslator)Model).Translator;
        var logits = translator.forward(batch.Inputs, batch.Targets[.., ..^1]);                   // [B, T − 1, V]
        var next = batch.Targets[.., 1..];                                                          // [B, T − 1]
        // −(1/N) Σ log p(y_(t+1) | y_≤t, x) over the N target tokens that are not padding.
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), next.reshape(-1), ignore_index: Translator.Pad);
        var real = next.ne(Translator.Pad);                                                         // [B, T − 1]
        var tokens = real.sum().item<long>();
        var right = logits.argmax(-1).eq(next).logical_and(real).sum().item<long>();
        return (loss, new StepResult((int)tokens, new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [TokenAccuracy] = tokens == 0 ? 0 : right / (double)tokens,
        }));
    }
}
