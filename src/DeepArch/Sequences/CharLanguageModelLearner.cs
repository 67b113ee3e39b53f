using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Trains a <see cref="CharLanguageModel"/> by truncated back-propagation through time on <see cref="CharStreams"/>:
/// in training mode each window starts from the state the previous window ended with, detached from that window's
/// graph, so the model sees context beyond T characters while gradients flow back at most T steps and memory stays
/// flat. The loss is the cross-entropy of the next character in nats per character; validation reports it with
/// <see cref="BitsPerChar"/> (nats / ln 2).
/// </summary>
public sealed class CharLanguageModelLearner : Learner
{
    /// <summary>Name of the validation metric in bits per character.</summary>
    public const string BitsPerChar = "bits_per_char";

    private readonly CharLanguageModel _model;
    private RecurrentState? _carried;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    /// <param name="model">The model to train.</param>
    /// <param name="validationWindow">Characters scored per forward pass during validation.</param>
    public CharLanguageModelLearner(CharLanguageModel model, int validationWindow = 256) : base(model)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(validationWindow, 1);
        _model = model;
        ValidationWindow = validationWindow;
    }

    /// <summary>Characters scored per forward pass during validation.</summary>
    public int ValidationWindow { get; }

    /// <summary>The state carried to the next training window (detached), or <c>null</c> before the first one.</summary>
    public RecurrentState? CarriedState => _carried;

    /// <summary>Forgets the carried state: the next training window starts from zeros.</summary>
    public void ResetState()
    {
        _carried?.Hidden.Dispose();
        _carried?.Cell?.Dispose();
        _carried = null;
    }

    /// <summary>
    /// Loss of one window (inputs and targets <c>int64 [B, T]</c>). In training mode it starts from the carried state
    /// and carries its own last state on, detached; in evaluation mode it starts from zeros and carries nothing.
    /// </summary>
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!Model.training)
        {
            var (evalLogits, _) = _model.Forward(batch.Inputs, null);
            var evalLoss = Loss(evalLogits, batch.Targets);
            return (evalLoss, StepResult.FromLoss((int)batch.Targets.numel(), evalLoss.item<float>()));
        }
        var start = _carried is { } carried && carried.Hidden.shape[1] == batch.Inputs.shape[0] ? carried : null;
        var (logits, state) = _model.Forward(batch.Inputs, start);   // [B, T, V]
        var loss = Loss(logits, batch.Targets);
        // Truncated BPTT: the next window starts from this state, cut from this window's graph (and kept beyond the
        // step's dispose scope), so back-propagation stops at the window's edge.
        var next = new RecurrentState(state.Hidden.detach().DetachFromDisposeScope(), state.Cell!.detach().DetachFromDisposeScope());
        ResetState();
        _carried = next;
        return (loss, StepResult.FromLoss((int)batch.Targets.numel(), loss.item<float>()));
    }

    /// <summary>
    /// Scores a whole validation batch (streams <c>[Bv, S]</c>, as <see cref="CharStreams"/> gives it) window after
    /// window with the state carried across windows: loss in nats per character and <see cref="BitsPerChar"/>.
    /// </summary>
    public override StepResult ValidationStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var length = batch.Inputs.shape[1];
        var total = 0.0;
        RecurrentState? state = null;
        for (long start = 0; start < length; start += ValidationWindow)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(ValidationWindow, length - start);
            var (logits, next) = _model.Forward(batch.Inputs.narrow(1, start, size), state);     // [Bv, w, V]
            total += Loss(logits, batch.Targets.narrow(1, start, size)).item<float>() * (double)(batch.Inputs.shape[0] * size);
            state?.Hidden.Dispose();
            state?.Cell?.Dispose();
            state = new RecurrentState(next.Hidden.DetachFromDisposeScope(), next.Cell!.DetachFromDisposeScope());
        }
        state?.Hidden.Dispose();
        state?.Cell?.Dispose();
        var count = batch.Targets.numel();
        var nats = total / count;
        return new StepResult((int)count, new Dictionary<string, double> { [MetricNames.Loss] = nats, [BitsPerChar] = nats / Math.Log(2) });
    }

    /// <summary>
    /// Maximum global L2 norm of the gradients of one window (<c>clip_grad_norm_</c>); recurrent networks occasionally
    /// produce exploding gradients, and clipping keeps one bad window from undoing the training.
    /// </summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>Forward, backward, clipping at <see cref="GradientClipNorm"/>, update (skipped when a gradient is not finite).</summary>
    public override StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var optimizer = context.Optimizer ?? throw new InvalidOperationException($"{nameof(CharLanguageModelLearner)} needs an optimizer.");
        var (loss, result) = Forward(batch);
        optimizer.zero_grad();
        loss.backward();
        var norm = nn.utils.clip_grad_norm_(Model.parameters(), GradientClipNorm);
        if (!double.IsFinite(norm))
        {
            optimizer.zero_grad();
            context.SkippedSteps++;
            return result;
        }
        optimizer.step();
        return result;
    }

    /// <summary>AdamW, as the recipes use.</summary>
    protected override optim.Optimizer ConfigureOptimizer() => optim.AdamW(Model.parameters(), LearningRate);

    // Mean cross-entropy of the next character: −(1/BT) Σ log p(x_(t+1) | x_≤t), in nats.
    private static Tensor Loss(Tensor logits, Tensor targets) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));   // [B·T, V] vs [B·T]
}
