namespace DeepArch.Training;

/// <summary>Sample-weighted running means of step metrics over an epoch.</summary>
internal sealed class MetricAccumulator
{
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);
    private long _samples;

    public long Samples => _samples;

    public void Add(StepResult step)
    {
        foreach (var (name, value) in step.Values)
            _sums[name] = _sums.GetValueOrDefault(name) + value * step.Samples;
        _samples += step.Samples;
    }

    public IReadOnlyDictionary<string, double> Means() =>
        _samples == 0 ? new Dictionary<string, double>() : _sums.ToDictionary(kv => kv.Key, kv => kv.Value / _samples, StringComparer.Ordinal);
}
