using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains an <see cref="Rbm"/> with the library's optimisers: the loss is <see cref="Rbm.ContrastiveDivergenceLoss"/>
/// on images binarised at 0.5, whose gradient is minus the CD-k update. Its value (a free-energy gap) is not a
/// likelihood; the metric that says how well the machine models the digits is <see cref="ReconstructionError"/>.
/// </summary>
public sealed class RbmLearner : Learner
{
    /// <summary>Metric name: mean squared error of the mean-field reconstruction p(v | E[h | v]) per pixel.</summary>
    public const string ReconstructionError = "reconstruction_error";

    private readonly Rbm _model;
    private readonly int _k;

    /// <summary>Wraps the machine; <paramref name="k"/> is the number of Gibbs steps of CD-k.</summary>
    public RbmLearner(Rbm model, int k = 1) : base(model)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _model = model;
        _k = k;
    }

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var v = PixelRnn.Binarize(batch.Inputs).flatten(1);                           // [B, V]
        var loss = _model.ContrastiveDivergenceLoss(v, _k);
        double error;
        using (no_grad())
            error = _model.VisibleProbabilities(_model.HiddenProbabilities(v)).sub(v).square().mean().item<float>();
        var values = new Dictionary<string, double> { [MetricNames.Loss] = loss.item<float>(), [ReconstructionError] = error };
        return (loss, new StepResult(batch.Size, values));
    }
}
