using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains a <see cref="VariationalAutoencoder"/> by minimising the negative ELBO (<see cref="VaeLoss"/>), averaged over
/// the batch, in nats per image; reports <c>loss</c> and its two parts, <c>reconstruction</c> and <c>kl</c>. Inputs
/// are pixels in [0, 1] (not normalised); the batch's targets (labels) are ignored.
/// </summary>
public sealed class VaeLearner : Learner
{
    /// <summary>The metric name of the reconstruction term, −E_q[log p(x|z)] in nats per image.</summary>
    public const string Reconstruction = "reconstruction";

    /// <summary>The metric name of the KL term in nats per image.</summary>
    public const string Kl = "kl";

    private readonly VariationalAutoencoder _model;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    public VaeLearner(VariationalAutoencoder model) : base(model) => _model = model;

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var images = batch.Inputs;                                              // [B, C, S, S] in [0, 1]
        var output = _model.Run(images);
        var reconstruction = VaeLoss.ReconstructionNats(output.Logits, images).mean();
        var kl = VaeLoss.KlDivergence(output.Mean, output.LogVariance).mean();
        var loss = reconstruction + kl;
        var values = new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [Reconstruction] = reconstruction.item<float>(),
            [Kl] = kl.item<float>(),
        };
        return (loss, new StepResult(batch.Size, values));
    }
}
