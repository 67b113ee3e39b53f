using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>When the trainer advances a learning-rate scheduler.</summary>
public enum ScheduleInterval
{
    /// <summary>After every optimisation step (OneCycleLR, warm-up schedules).</summary>
    Step,

    /// <summary>After every epoch (StepLR, CosineAnnealingLR over epochs).</summary>
    Epoch,
}

/// <summary>A TorchSharp learning-rate scheduler and how often to advance it.</summary>
/// <param name="Scheduler">The scheduler, e.g. <c>torch.optim.lr_scheduler.StepLR(optimizer, 5, 0.5)</c>.</param>
/// <param name="Interval">Whether it advances per step or per epoch.</param>
public sealed record LearningRateSchedule(optim.lr_scheduler.LRScheduler Scheduler, ScheduleInterval Interval = ScheduleInterval.Epoch);
