namespace DeepArch.Training;

/// <summary>Per-epoch metrics of a training run, ready to plot as training curves.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochSummary> _epochs = [];

    /// <summary>One entry per completed epoch, in order.</summary>
    public IReadOnlyList<EpochSummary> Epochs => _epochs;

    /// <summary>Total wall-clock time of the run.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Whether training stopped early because it was cancelled.</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>Training steps skipped because their gradients were not finite (see <see cref="Learner.TrainingStep"/>).</summary>
    public long SkippedSteps { get; internal set; }

    /// <summary>A training metric for every epoch (NaN where an epoch lacks it), e.g. <c>Train("loss")</c>.</summary>
    public IReadOnlyList<double> Train(string metric) => _epochs.Select(e => e.Train.GetValueOrDefault(metric, double.NaN)).ToList();

    /// <summary>A validation metric for every epoch (NaN where an epoch lacks it), e.g. <c>Validation("accuracy")</c>.</summary>
    public IReadOnlyList<double> Validation(string metric) =>
        _epochs.Select(e => e.Validation.GetValueOrDefault(metric, double.NaN)).ToList();

    /// <summary>The last epoch's summary.</summary>
    /// <exception cref="InvalidOperationException">No epoch has completed.</exception>
    public EpochSummary Last => _epochs.Count > 0 ? _epochs[^1] : throw new InvalidOperationException("No epoch has completed yet.");

    internal void Add(EpochSummary epoch) => _epochs.Add(epoch);
}
