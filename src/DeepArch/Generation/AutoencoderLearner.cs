using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains an <see cref="Autoencoder"/> to rebuild its input: loss = binary cross-entropy of the pixels summed over each
/// image, averaged over the batch (nats per image, the VAE's reconstruction term, so the two compare). With
/// <see cref="Noise"/> &gt; 0 the encoder sees the image plus Gaussian noise (clipped to [0, 1]) while the target stays
/// the clean image: a denoising autoencoder (Vincent et al. 2008). The batch's targets (labels) are ignored.
/// </summary>
public sealed class AutoencoderLearner : Learner
{
    private readonly Autoencoder _model;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    /// <param name="model">The autoencoder.</param>
    /// <param name="noise">Standard deviation of the input noise, in units of the [0, 1] pixel range; 0 for a plain autoencoder.</param>
    public AutoencoderLearner(Autoencoder model, double noise = 0) : base(model)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        _model = model;
        Noise = noise;
    }

    /// <summary>Standard deviation of the noise added to the inputs.</summary>
    public double Noise { get; }

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var clean = batch.Inputs;                                                  // [B, C, S, S] in [0, 1]
        var input = Noise > 0 ? (clean + Noise * randn_like(clean)).clamp(0, 1) : clean;
        var logits = _model.DecodeLogits(_model.Encode(input));                    // [B, C, S, S]
        var loss = VaeLoss.ReconstructionNats(logits, clean).mean();
        return (loss, StepResult.FromLoss(batch.Size, loss.item<float>()));
    }
}
