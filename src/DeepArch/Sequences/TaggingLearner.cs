using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>Trains a tagger (logits <c>[B, T, K]</c>, targets <c>int64 [B, T]</c>): cross-entropy and accuracy per position.</summary>
public sealed class TaggingLearner(nn.Module<Tensor, Tensor> tagger) : Learner(tagger)
{
    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var logits = tagger.call(batch.Inputs);                                               // [B, T, K]
        if (logits.dim() != 3 || !logits.shape[..2].SequenceEqual(batch.Targets.shape))
            throw new ArgumentException($"A tagger must return logits [B, T, K] matching targets [{string.Join(", ", batch.Targets.shape)}]; " +
                                        $"got [{string.Join(", ", logits.shape)}].");
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Targets.reshape(-1));   // [B·T, K]
        var accuracy = logits.argmax(2).eq(batch.Targets).to_type(ScalarType.Float32).mean().item<float>();
        return (loss, new StepResult(batch.Size, new Dictionary<string, double> { [MetricNames.Loss] = loss.item<float>(), [MetricNames.Accuracy] = accuracy }));
    }
}
