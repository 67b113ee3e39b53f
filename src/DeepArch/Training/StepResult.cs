namespace DeepArch.Training;

/// <summary>
/// What one training or validation step measured: plain numbers (never tensors, so nothing outlives the step's
/// dispose scope), each a mean over the step's <see cref="Samples"/>.
/// </summary>
/// <param name="Samples">Samples the values were averaged over; epoch metrics weight each step by it.</param>
/// <param name="Values">Named metrics, e.g. <c>loss</c>, <c>accuracy</c>, or <c>loss_d</c>/<c>loss_g</c> for a GAN.</param>
public sealed record StepResult(int Samples, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>A step that measured only its loss.</summary>
    public static StepResult FromLoss(int samples, double loss) => new(samples, new Dictionary<string, double> { [MetricNames.Loss] = loss });
}

/// <summary>Names of the metrics the library reports.</summary>
public static class MetricNames
{
    /// <summary>Mean loss.</summary>
    public const string Loss = "loss";

    /// <summary>Share of correctly classified samples, in [0, 1].</summary>
    public const string Accuracy = "accuracy";
}
