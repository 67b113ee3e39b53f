namespace DeepArch.Training;

/// <summary>
/// Where batches come from, kept apart from the model and the loop (d2l's <c>DataModule</c>). Batches should be
/// created lazily while enumerating: the trainer opens a dispose scope before asking for each one, so their tensors
/// are freed after the step.
/// </summary>
public abstract class DataModule
{
    /// <summary>The batches of one training epoch (a fresh order each call when shuffling).</summary>
    public abstract IEnumerable<Batch> TrainBatches();

    /// <summary>The validation batches; empty when there is no validation set.</summary>
    public abstract IEnumerable<Batch> ValidationBatches();

    /// <summary>Number of batches in a training epoch, when known (for progress bars and per-step schedules).</summary>
    public virtual int? TrainBatchCount => null;
}
