namespace DeepArch.Training;

/// <summary>Progress inside an epoch, raised by <see cref="Trainer.StepCompleted"/>.</summary>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="StepsInEpoch">Steps in the epoch when known.</param>
/// <param name="GlobalStep">Steps done since training started.</param>
/// <param name="Running">Running means of the epoch's metrics so far.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int? StepsInEpoch, long GlobalStep,
    IReadOnlyDictionary<string, double> Running, TimeSpan Elapsed);

/// <summary>What one epoch measured, raised by <see cref="Trainer.EpochCompleted"/> and kept in <see cref="TrainingHistory"/>.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Train">Means of the training metrics over the epoch.</param>
/// <param name="Validation">Means of the validation metrics after the epoch (empty without validation data).</param>
/// <param name="LearningRate">Learning rate at the end of the epoch (NaN when the learner has no optimizer).</param>
/// <param name="Duration">Wall-clock time of the epoch, validation included.</param>
public sealed record EpochSummary(
    int Epoch, IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Validation,
    double LearningRate, TimeSpan Duration);
