using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// A semantic-segmentation learner: the network maps images <c>[B, C, H, W]</c> to per-pixel class scores
/// <c>[B, K, H, W]</c>, the loss is the pixel-wise cross-entropy (the mean over every pixel of
/// <c>-log softmax(scores)[true class]</c>), and the metrics are loss, pixel accuracy and intersection over union.
/// Class 0 is the background.
/// </summary>
public class Segmenter : Learner
{
    /// <summary>Name of the mean per-image foreground intersection over union, in [0, 1].</summary>
    public const string IoU = "iou";

    /// <summary>Name of the share of pixels whose class is right, background included, in [0, 1].</summary>
    public const string PixelAccuracy = "pixel_accuracy";

    private readonly nn.Module<Tensor, Tensor> _network;

    /// <summary>Wraps a network returning scores <c>[B, K, H, W]</c> for int64 masks <c>[B, H, W]</c> of classes in [0, K).</summary>
    public Segmenter(nn.Module<Tensor, Tensor> network) : base(network) => _network = network;

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var masks = batch.Targets;                                        // [B, H, W]
        var scores = _network.call(batch.Inputs);                         // [B, K, H, W]
        if (scores.dim() != 4 || masks.dim() != 3 || scores.shape[0] != masks.shape[0]
            || scores.shape[2] != masks.shape[1] || scores.shape[3] != masks.shape[2])
            throw new ArgumentException(
                $"A segmenter's network must return scores [batch, classes, height, width] matching the masks " +
                $"[{string.Join(", ", masks.shape)}]; got [{string.Join(", ", scores.shape)}].");
        var loss = nn.functional.cross_entropy(scores, masks);
        var predicted = scores.argmax(1);                                 // [B, H, W]
        var values = new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [PixelAccuracy] = predicted.eq(masks).to_type(ScalarType.Float64).mean().item<double>(),
            [IoU] = ForegroundIoU(predicted, masks).mean().item<double>(),
        };
        return (loss, new StepResult(batch.Size, values));
    }

    /// <summary>
    /// Per image, the pixels given the right object class over the pixels that either the prediction or the truth
    /// call foreground: <c>|{p = t ≠ 0}| / |{p ≠ 0} ∪ {t ≠ 0}|</c>, 1 when both are all background. For one object
    /// per image it is that object's IoU; a pixel of the object given the wrong shape class counts against it.
    /// </summary>
    /// <param name="predicted">Predicted classes <c>[B, H, W]</c>.</param>
    /// <param name="masks">True classes <c>[B, H, W]</c>.</param>
    /// <returns>float64 <c>[B]</c>.</returns>
    public static Tensor ForegroundIoU(Tensor predicted, Tensor masks)
    {
        using var scope = NewDisposeScope();
        var intersection = predicted.eq(masks).logical_and(masks.ne(0)).flatten(1).sum(1).to_type(ScalarType.Float64);  // [B]
        var union = predicted.ne(0).logical_or(masks.ne(0)).flatten(1).sum(1).to_type(ScalarType.Float64);               // [B]
        return where(union.eq(0), ones_like(union), intersection.div(union.clamp_min(1))).MoveToOuterDisposeScope();
    }
}
