using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains a <see cref="PixelRnn"/> by maximum likelihood on binarised images (inputs in [0, 1], not normalised,
/// binarised at 0.5 here). The loss is the negative log-likelihood in nats per pixel; the metrics add
/// <see cref="NllNats"/> (per image) and <see cref="BitsPerDim"/>.
/// </summary>
public sealed class PixelRnnLearner : Learner
{
    /// <summary>Metric name: exact negative log-likelihood per image, in nats.</summary>
    public const string NllNats = "nll_nats";

    /// <summary>Metric name: the same in bits per pixel.</summary>
    public const string BitsPerDim = "bits_per_dim";

    private readonly PixelRnn _model;

    /// <summary>Wraps the model.</summary>
    public PixelRnnLearner(PixelRnn model) : base(model) => _model = model;

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var x = PixelRnn.Binarize(batch.Inputs);                                      // [B, 1, H, W]
        var nll = _model.NegativeLogLikelihood(x);                                    // [B] nats
        var loss = nll.mean().div(_model.Config.Height * _model.Config.Width);        // nats per pixel
        var nats = nll.mean().item<float>();
        var values = new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [NllNats] = nats,
            [BitsPerDim] = _model.BitsPerDimension(nats),
        };
        return (loss, new StepResult(batch.Size, values));
    }
}
