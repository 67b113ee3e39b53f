using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains <see cref="Draw"/> on binarised images (inputs in [0, 1], binarised at 0.5 as for <see cref="PixelRnn"/>,
/// so the two models' figures are on the same data). The loss is the negative ELBO in nats per pixel; the metrics add
/// <see cref="NegativeElboNats"/> per image and its two terms.
/// </summary>
public sealed class DrawLearner : Learner
{
    /// <summary>Metric name: the negative evidence lower bound per image, in nats (an upper bound on −log p(x)).</summary>
    public const string NegativeElboNats = "neg_elbo_nats";

    /// <summary>Metric name: the reconstruction term −log p(x | c_T) per image, in nats.</summary>
    public const string ReconstructionNats = "reconstruction_nats";

    /// <summary>Metric name: the latent term Σ_t KL_t per image, in nats.</summary>
    public const string KlNats = "kl_nats";

    private readonly Draw _model;

    /// <summary>Wraps the model.</summary>
    public DrawLearner(Draw model) : base(model) => _model = model;

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var x = PixelRnn.Binarize(batch.Inputs);                                      // [B, 1, H, W]
        var pass = _model.Run(x);
        var reconstruction = nn.functional.binary_cross_entropy_with_logits(pass.CanvasLogits, x, reduction: nn.Reduction.Sum).div(x.shape[0]);
        var kl = pass.Kl.mean();
        var elbo = reconstruction.add(kl);                                            // nats per image   (eq. 12)
        var loss = elbo.div(_model.Config.Height * _model.Config.Width);
        var values = new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [NegativeElboNats] = elbo.item<float>(),
            [ReconstructionNats] = reconstruction.item<float>(),
            [KlNats] = kl.item<float>(),
        };
        return (loss, new StepResult(batch.Size, values));
    }
}
