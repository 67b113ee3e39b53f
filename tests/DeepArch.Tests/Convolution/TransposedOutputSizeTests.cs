using DeepArch.Convolutions;
using static TorchSharp.torch;

namespace DeepArch.Tests.Convolutions;

public sealed class TransposedOutputSizeTests
{
    [Theory]
    [InlineData(2, 2, 2, 0, 0, 1)]    // U-Net's up-convolution doubles the size
    [InlineData(2, 3, 1, 0, 0, 1)]
    [InlineData(5, 3, 2, 1, 0, 1)]
    [InlineData(5, 3, 2, 1, 1, 1)]
    [InlineData(4, 4, 3, 2, 2, 1)]
    [InlineData(3, 3, 1, 0, 0, 2)]
    public void AgreesWithTorchSharpsTransposedConvolution(int input, int kernel, int stride, int padding, int outputPadding, int dilation)
    {
        using var x = ones(1, 1, input, input);
        using var layer = nn.ConvTranspose2d(1, 1, kernel_size: kernel, stride: stride, padding: padding,
            output_padding: outputPadding, dilation: dilation);

        using var y = layer.call(x);

        Assert.Equal(y.shape[2], ConvArithmetic.TransposedOutputSize(input, kernel, stride, padding, outputPadding, dilation));
    }

    [Fact]
    public void InvertsTheSizeOfAStridedConvolution() =>
        Assert.Equal(16, ConvArithmetic.TransposedOutputSize(ConvArithmetic.OutputSize(16, 2, stride: 2), 2, stride: 2));

    [Fact]
    public void AnOutputPaddingAsLargeAsTheStrideIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvArithmetic.TransposedOutputSize(4, 3, stride: 2, outputPadding: 2));
}
