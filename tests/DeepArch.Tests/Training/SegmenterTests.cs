using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training;

public sealed class SegmenterTests
{
    [Fact]
    public void ForegroundIoUCountsRightlyClassedObjectPixelsOverEitherForeground()
    {
        // Image 0: 2 right of 4 foreground pixels; image 1: all background (1 by convention);
        // image 2: one pixel of the object given the wrong class, 1 right of 2.
        using var masks = tensor(new long[] { 0, 1, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0 }, new long[] { 3, 2, 2 });
        using var predicted = tensor(new long[] { 1, 1, 0, 1, 0, 0, 0, 0, 3, 2, 0, 0 }, new long[] { 3, 2, 2 });

        using var iou = Segmenter.ForegroundIoU(predicted, masks);

        Assert.Equal([0.5, 1.0, 0.5], iou.data<double>().ToArray());
    }

    [Fact]
    public void ItsLossIsThePixelwiseCrossEntropyAndAPerfectPredictionScoresOne()
    {
        using var masks = tensor(new long[] { 0, 1, 2, 1 }, new long[] { 1, 2, 2 });
        // Scores favouring the true class at every pixel: [1, 3, 2, 2].
        using var scores = nn.functional.one_hot(masks, 3).permute(0, 3, 1, 2).to_type(ScalarType.Float32).mul(2);
        var segmenter = new Segmenter(new Fixed(scores));

        var (loss, result) = segmenter.Forward(new Batch(zeros(1, 1, 2, 2), masks));

        // log(1 + 2·e^-2), the cross-entropy of every pixel, computed by hand.
        Assert.Equal(Math.Log(1 + 2 * Math.Exp(-2)), loss.item<float>(), 6);
        Assert.Equal(1.0, result.Values[Segmenter.IoU]);
        Assert.Equal(1.0, result.Values[Segmenter.PixelAccuracy]);
    }

    private sealed class Fixed(Tensor scores) : nn.Module<Tensor, Tensor>(nameof(Fixed))
    {
        public override Tensor forward(Tensor input) => scores.alias();
    }
}
