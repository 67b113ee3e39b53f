using System.Diagnostics;
using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// The training loop (d2l's <c>Trainer</c>): runs a <see cref="Learner"/> over a <see cref="DataModule"/> for some
/// epochs, validates after each, and reports progress. Every step runs inside its own
/// <c>torch.NewDisposeScope()</c> that also covers creating the batch, so memory stays flat however long it runs.
/// </summary>
public sealed class Trainer(TrainerOptions? options = null)
{
    private readonly TrainerOptions _options = Validate(options ?? new TrainerOptions());

    /// <summary>Raised every <see cref="TrainerOptions.ProgressInterval"/> training steps.</summary>
    public event EventHandler<TrainingProgress>? StepCompleted;

    /// <summary>Raised after each epoch's validation.</summary>
    public event EventHandler<EpochSummary>? EpochCompleted;

    /// <summary>The options this trainer runs with.</summary>
    public TrainerOptions Options => _options;

    /// <summary>
    /// Trains <paramref name="learner"/> on <paramref name="data"/>. The model is moved to the trainer's device first.
    /// Cancelling stops after the current step and returns the epochs completed so far.
    /// </summary>
    public TrainingHistory Fit(Learner learner, DataModule data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(data);
        var device = _options.Device ?? Devices.Select();
        MoveTo(learner.Model, device);
        var optimizer = learner.Optimizer;
        var schedule = optimizer is null ? null : learner.ConfigureSchedule(optimizer, _options.Epochs, StepsPerEpoch(data));
        var context = new TrainingContext(device, optimizer, _options.GradientClipNorm);
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();

        for (var epoch = 1; epoch <= _options.Epochs && !cancellationToken.IsCancellationRequested; epoch++)
        {
            var epochStart = clock.Elapsed;
            context.Epoch = epoch;
            learner.Model.train();
            var train = new MetricAccumulator();
            var step = 0;
            foreach (var batch in Scoped(data.TrainBatches(), device, _options.MaxStepsPerEpoch))
            {
                context.GlobalStep++;
                train.Add(learner.TrainingStep(batch, context));
                step++;
                if (schedule?.Interval == ScheduleInterval.Step)
                    schedule.Scheduler.step();
                if (step % _options.ProgressInterval == 0 && StepCompleted is { } handler)
                    handler(this, new TrainingProgress(epoch, _options.Epochs, step, StepsPerEpoch(data), context.GlobalStep, train.Means(), clock.Elapsed));
                if (cancellationToken.IsCancellationRequested)
                    break;
            }
            if (train.Samples == 0)
                throw new InvalidOperationException($"{data.GetType().Name} produced no training batch in epoch {epoch}.");
            if (cancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }
            if (schedule?.Interval == ScheduleInterval.Epoch)
                schedule.Scheduler.step();

            var validation = Evaluate(learner, data.ValidationBatches(), device);
            var summary = new EpochSummary(epoch, train.Means(), validation, CurrentLearningRate(optimizer), clock.Elapsed - epochStart);
            history.Add(summary);
            EpochCompleted?.Invoke(this, summary);
        }
        history.Cancelled |= cancellationToken.IsCancellationRequested;
        history.SkippedSteps = context.SkippedSteps;
        history.Duration = clock.Elapsed;
        return history;
    }

    /// <summary>Evaluates <paramref name="learner"/> on <paramref name="batches"/> without gradients; returns the metric means.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(Learner learner, IEnumerable<Batch> batches) =>
        Evaluate(learner, batches, _options.Device ?? Devices.Select());

    private static IReadOnlyDictionary<string, double> Evaluate(Learner learner, IEnumerable<Batch> batches, Device device)
    {
        MoveTo(learner.Model, device);
        learner.Model.eval();
        var metrics = new MetricAccumulator();
        using (no_grad())
        {
            foreach (var batch in Scoped(batches, device, maxSteps: null))
                metrics.Add(learner.ValidationStep(batch));
        }
        return metrics.Means();
    }

    /// <summary>
    /// Yields each batch on <paramref name="device"/> with a dispose scope opened before the batch is produced and
    /// closed after the consumer's step, so the batch, the activations and the gradients' temporaries are all freed.
    /// </summary>
    private static IEnumerable<Batch> Scoped(IEnumerable<Batch> batches, Device device, int? maxSteps)
    {
        using var enumerator = batches.GetEnumerator();
        for (var step = 0; maxSteps is null || step < maxSteps; step++)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext())
                yield break;
            yield return enumerator.Current.To(device);
        }
    }

    /// <summary>
    /// <c>Module.to</c> rewraps every parameter even when nothing moves, leaving the old handles to the finalizer;
    /// skipping the call when the model is already there keeps repeated <c>Fit</c>/<c>Evaluate</c> calls leak-free.
    /// </summary>
    private static void MoveTo(nn.Module model, Device device)
    {
        if (model.parameters().Any(p => !p.IsOn(device)) || model.buffers().Any(b => !b.IsOn(device)))
            model.to(device);
    }

    private int? StepsPerEpoch(DataModule data) =>
        data.TrainBatchCount is { } count && _options.MaxStepsPerEpoch is { } max ? Math.Min(count, max) : data.TrainBatchCount ?? _options.MaxStepsPerEpoch;

    private static double CurrentLearningRate(optim.Optimizer? optimizer) =>
        optimizer?.ParamGroups.FirstOrDefault()?.LearningRate ?? double.NaN;

    private static TrainerOptions Validate(TrainerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1, nameof(options.Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProgressInterval, 1, nameof(options.ProgressInterval));
        if (options.GradientClipNorm is <= 0)
            throw new ArgumentOutOfRangeException(nameof(options.GradientClipNorm), "The gradient clipping norm must be positive.");
        if (options.MaxStepsPerEpoch is < 1)
            throw new ArgumentOutOfRangeException(nameof(options.MaxStepsPerEpoch), "The step limit must be at least 1.");
        return options;
    }
}
