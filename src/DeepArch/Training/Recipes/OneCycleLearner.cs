using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// Gives a learner the recipes' optimisation: AdamW under a one-cycle schedule over the whole run. A resumed run
/// re-creates the schedule for the full run and advances it past the steps already taken, so the learning rate
/// continues where it stopped (AdamW's moment estimates come from the checkpoint, see <see cref="Checkpoint.LoadOptimizer"/>).
/// Notebooks use it too, e.g. <c>new OneCycleLearner(new Classifier(model), 4e-3, 1e-2, epochs * batchesPerEpoch)</c>.
/// </summary>
public sealed class OneCycleLearner : Learner
{
    private readonly Learner _inner;
    private readonly double _weightDecay;
    private readonly int _totalSteps;
    private readonly int _completedSteps;
    private readonly double _warmupFraction;

    /// <summary>Wraps <paramref name="inner"/>, which keeps its loss and metrics; only the optimisation changes.</summary>
    /// <param name="inner">The learner whose <see cref="Learner.Forward"/> computes loss and metrics.</param>
    /// <param name="maxLearningRate">Peak learning rate of the cycle.</param>
    /// <param name="weightDecay">AdamW's decoupled weight decay.</param>
    /// <param name="totalSteps">Optimisation steps of the whole run (epochs × batches per epoch).</param>
    /// <param name="completedSteps">Steps already taken by a resumed run.</param>
    /// <param name="warmupFraction">Share of the steps spent warming up (OneCycleLR's <c>pct_start</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive, or the steps or warm-up are out of range.</exception>
    public OneCycleLearner(Learner inner, double maxLearningRate, double weightDecay, int totalSteps, int completedSteps = 0,
        double warmupFraction = 0.3) : base(inner.Model)
    {
        if (!(warmupFraction > 0 && warmupFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(warmupFraction), $"The warm-up fraction must be in (0, 1); got {warmupFraction}.");
        _warmupFraction = warmupFraction;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLearningRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(completedSteps);
        _inner = inner;
        _weightDecay = weightDecay;
        _totalSteps = totalSteps;
        _completedSteps = completedSteps;
        LearningRate = maxLearningRate;
    }

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch) => _inner.Forward(batch);

    /// <inheritdoc />
    public override StepResult ValidationStep(Batch batch) => _inner.ValidationStep(batch);

    /// <summary>The inner learner's step (its own clipping or state, if it has any), with this learner's optimizer.</summary>
    public override StepResult TrainingStep(Batch batch, TrainingContext context) => _inner.TrainingStep(batch, context);

    /// <summary>
    /// Whether weight decay spares the parameters of fewer than two dimensions — biases and normalisation gains and
    /// offsets — as in transformer training (Loshchilov &amp; Hutter's AdamW as nanoGPT and BERT use it): decaying a
    /// LayerNorm's gain pulls it towards zero for no regularising benefit. Off by default: every parameter decays.
    /// </summary>
    public bool DecayMatricesOnly { get; init; }

    /// <summary>AdamW over the model's parameters (frozen ones, without gradients, are left alone).</summary>
    protected override optim.Optimizer ConfigureOptimizer()
    {
        if (!DecayMatricesOnly)
            return optim.AdamW(Model.parameters(), LearningRate, weight_decay: _weightDecay);
        var parameters = Model.parameters().ToList();
        return optim.AdamW(
        [
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), lr: LearningRate, weight_decay: _weightDecay),
            new TorchSharp.Modules.AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), lr: LearningRate, weight_decay: 0),
        ], LearningRate);
    }

    /// <summary>One-cycle schedule stepped after every batch, advanced past <c>completedSteps</c>.</summary>
    public override LearningRateSchedule ConfigureSchedule(optim.Optimizer optimizer, int epochs, int? stepsPerEpoch)
    {
        var scheduler = optim.lr_scheduler.OneCycleLR(optimizer, LearningRate, total_steps: _totalSteps, pct_start: _warmupFraction, cycle_momentum: false);
        for (var step = 0; step < _completedSteps; step++)
            scheduler.step();
        return new LearningRateSchedule(scheduler, ScheduleInterval.Step);
    }
}
