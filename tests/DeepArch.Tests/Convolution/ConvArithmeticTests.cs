using DeepArch.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Convolutions;

public sealed class ConvArithmeticTests
{
    [Fact]
    public void OutputSizeAgreesWithTorchSharpOverAGridOfSettings()
    {
        using var scope = NewDisposeScope();
        foreach (var input in new[] { 7, 8, 28 })
        foreach (var kernel in new[] { 1, 2, 3, 5 })
        foreach (var stride in new[] { 1, 2, 3 })
        foreach (var padding in new[] { 0, 1, 2 })
        foreach (var dilation in new[] { 1, 2 })
        {
            if (input + 2 * padding < dilation * (kernel - 1) + 1)
                continue;
            var output = nn.functional.conv1d(zeros(1, 1, input), zeros(1, 1, kernel), null, stride, padding, dilation);
            Assert.True(output.shape[2] == ConvArithmetic.OutputSize(input, kernel, stride, padding, dilation),
                $"I={input} K={kernel} S={stride} P={padding} D={dilation}: TorchSharp gives {output.shape[2]}");
        }
    }

    [Fact]
    public void OutputSizeOfTheLecturesExample()
    {
        // 32×32 input, 5×5 kernel, stride 1, no padding: (32 − 5)/1 + 1 = 28 (LeNet-5's first layer).
        Assert.Equal(28, ConvArithmetic.OutputSize(32, 5));
    }

    [Fact]
    public void OutputSizeRejectsAKernelLargerThanThePaddedInput()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(4, 3, padding: 0, dilation: 2));
        Assert.Contains("does not fit", error.Message);
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(5, 1, 2)]
    [InlineData(3, 2, 2)]
    public void SamePaddingKeepsTheSize(int kernel, int dilation, int expected)
    {
        Assert.Equal(expected, ConvArithmetic.SamePadding(kernel, dilation));
        Assert.Equal(17, ConvArithmetic.OutputSize(17, kernel, padding: expected, dilation: dilation));
    }

    [Fact]
    public void SamePaddingRejectsAnEvenKernel() =>
        Assert.Throws<ArgumentException>(() => ConvArithmetic.SamePadding(4));

    [Theory]
    [InlineData(3, 3, 64, true)]
    [InlineData(5, 1, 6, true)]
    [InlineData(3, 16, 32, false)]
    public void ParameterCountMatchesTorchSharpsLayer(int kernel, int inChannels, int outChannels, bool bias)
    {
        using var layer = nn.Conv2d(inChannels, outChannels, kernel, bias: bias);
        var counted = layer.parameters().Sum(p => p.numel());
        Assert.Equal(counted, ConvArithmetic.ParameterCount(kernel, inChannels, outChannels, bias));
    }
}
