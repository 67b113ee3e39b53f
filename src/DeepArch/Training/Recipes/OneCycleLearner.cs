using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// Gives a learner the recipes' optimisation: AdamW under a one-cycle schedule over the whole run. A resumed run
/// re-creates the schedule for the full run and advances it past the steps already taken, so the learning rate
/// continues where it stopped (AdamW's moment estimates are not in the checkpoint and restart from zero).
/// </summary>
internal sealed class OneCycleLearner : Learner
{
    private readonly Learner _inner;
    private readonly double _weightDecay;
    private readonly int _totalSteps;
    private readonly int _completedSteps;

    public OneCycleLearner(Learner inner, double maxLearningRate, double weightDecay, int totalSteps, int completedSteps) : base(inner.Model)
    {
        _inner = inner;
        _weightDecay = weightDecay;
        _totalSteps = totalSteps;
        _completedSteps = completedSteps;
        LearningRate = maxLearningRate;
    }

    public override (Tensor Loss, StepResult Result) Forward(Batch batch) => _inner.Forward(batch);

    public override StepResult ValidationStep(Batch batch) => _inner.ValidationStep(batch);

    protected override optim.Optimizer ConfigureOptimizer() =>
        optim.AdamW(Model.parameters(), LearningRate, weight_decay: _weightDecay);

    public override LearningRateSchedule ConfigureSchedule(optim.Optimizer optimizer, int epochs, int? stepsPerEpoch)
    {
        var scheduler = optim.lr_scheduler.OneCycleLR(optimizer, LearningRate, total_steps: _totalSteps, cycle_momentum: false);
        for (var step = 0; step < _completedSteps; step++)
            scheduler.step();
        return new LearningRateSchedule(scheduler, ScheduleInterval.Step);
    }
}
