using DeepArch.Sequences;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Trains a causal <see cref="Gpt"/> on <see cref="TokenWindows"/>: the cross-entropy of the next token at every
/// position of a window, in nats per token; validation adds it in bits (<see cref="CharLanguageModelLearner.BitsPerChar"/>).
/// Gradients are clipped to a global norm of 1, as nanoGPT does.
/// </summary>
public sealed class GptLearner : Learner
{
    /// <summary>Wraps <paramref name="model"/>.</summary>
    public GptLearner(Gpt model) : base(model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Config.Causal)
            throw new ArgumentException("GptLearner trains causal models; train a bidirectional one with MaskedTokenLearner.", nameof(model));
    }

    /// <summary>Maximum global L2 norm of the gradients of one step.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>Loss of windows (inputs and targets <c>int64 [B, T]</c>).</summary>
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var logits = ((Gpt)Model).forward(batch.Inputs);                                            // [B, T, V]
        // −(1/BT) Σ log p(x_(t+1) | x_≤t), in nats.
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), batch.Targets.reshape(-1));
        return (loss, StepResult.FromLoss((int)batch.Targets.numel(), loss.item<float>()));
    }

    /// <summary>Loss in nats and bits per token.</summary>
    public override StepResult ValidationStep(Batch batch)
    {
        var (loss, _) = Forward(batch);
        var nats = loss.item<float>();
        return new StepResult((int)batch.Targets.numel(),
            new Dictionary<string, double> { [MetricNames.Loss] = nats, [CharLanguageModelLearner.BitsPerChar] = nats / Math.Log(2) });
    }

    /// <summary>Forward, backward, clipping, update (skipped when a gradient is not finite).</summary>
    public override StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var optimizer = context.Optimizer ?? throw new InvalidOperationException($"{nameof(GptLearner)} needs an optimizer.");
        var (loss, result) = Forward(batch);
        optimizer.zero_grad();
        loss.backward();
        if (!double.IsFinite(nn.utils.clip_grad_norm_(Model.parameters(), GradientClipNorm)))
        {
            optimizer.zero_grad();
            context.SkippedSteps++;
            return result;
        }
        optimizer.step();
        return result;
    }

    /// <summary>AdamW.</summary>
    protected override optim.Optimizer ConfigureOptimizer() => optim.AdamW(Model.parameters(), LearningRate);
}
