using DeepArch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class RandomCropFlipTests
{
    [Fact]
    public void EachImageIsItsOwnCropOfThePaddedImageMirroredWhenAsked()
    {
        using var images = arange(2 * 3 * 5 * 6, ScalarType.Float32).reshape(2, 3, 5, 6);
        using var rows = tensor(new long[] { 0, 3 });
        using var columns = tensor(new long[] { 4, 1 });
        using var flips = tensor(new[] { false, true });

        using var augmented = RandomCropFlip.CropFlip(images, padding: 2, rows, columns, flips);

        // Independently: pad by slicing into a zero canvas, then narrow (and flip) image by image.
        using var padded = zeros(2, 3, 9, 10);
        padded[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(2, 7), TensorIndex.Slice(2, 8)] = images;
        using var first = padded[0].narrow(1, 0, 5).narrow(2, 4, 6);
        using var second = padded[1].narrow(1, 3, 5).narrow(2, 1, 6).flip(2);
        Assert.Equal([2L, 3, 5, 6], augmented.shape);
        Assert.True(augmented[0].Same(first));
        Assert.True(augmented[1].Same(second));
    }

    [Fact]
    public void WithoutPaddingOrFlipTheBatchIsUnchanged()
    {
        using var images = randn(4, 3, 8, 8);

        using var augmented = new RandomCropFlip(padding: 0, flip: false).Apply(images);

        Assert.True(augmented.Same(images));
    }

    [Fact]
    public void TheSameSeedGivesTheSameAugmentationsAndEveryImageStaysACrop()
    {
        using var images = rand(64, 3, 32, 32).add(0.1);   // strictly positive: padding zeros show where the crop moved

        using var a = new RandomCropFlip(seed: 3).Apply(images);
        using var b = new RandomCropFlip(seed: 3).Apply(images);
        using var c = new RandomCropFlip(seed: 4).Apply(images);

        Assert.True(a.Same(b));
        Assert.False(a.Same(c));
        // A crop shifted by at most 4 pixels keeps at least 28 of the 32 rows and columns of real pixels.
        using var realPixels = a.gt(0).sum(new long[] { 1, 2, 3 });
        Assert.True(realPixels.min().item<long>() >= 3 * 28 * 28);
    }

    [Fact]
    public void ABatchThatIsNotFourDimensionalIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new RandomCropFlip().Apply(zeros(3, 32, 32)));

        Assert.Contains("expects a batch [B, C, H, W]; got [3, 32, 32]", error.Message);
    }
}
