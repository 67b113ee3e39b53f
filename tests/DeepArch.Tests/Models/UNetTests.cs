using DeepArch.Models;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

public sealed class UNetTests
{
    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void OutputHasTheInputsHeightAndWidth()
    {
        using var unet = new UNet(new UNetConfig(InputChannels: 3, Classes: 5, Depth: 3, BaseWidth: 4));
        using var x = rand(2, 3, 48, 80);

        using var y = unet.call(x);

        Assert.Equal([2L, 5, 48, 80], y.shape);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParametersMatchHandArithmetic(bool batchNorm)
    {
        using var unet = new UNet(new UNetConfig(InputChannels: 3, Classes: 4, Depth: 3, BaseWidth: 8, BatchNorm: batchNorm));

        Assert.Equal(UNetArithmetic.Parameters(3, 4, depth: 3, width: 8, skips: true, batchNorm), Count(unet));
    }

    [Fact]
    public void RemovingTheSkipConnectionsRemovesTheSkipHalfOfEachDecodersFirstConvolution()
    {
        using var with = new UNet(new UNetConfig(Depth: 4, BaseWidth: 64));
        using var without = new UNet(new UNetConfig(Depth: 4, BaseWidth: 64, SkipConnections: false));

        // The first 3×3 convolution of decoder level l reads c_l fewer channels: 9·c_l·c_l weights each.
        Assert.Equal(9L * (64 * 64 + 128 * 128 + 256 * 256 + 512 * 512), Count(with) - Count(without));
    }

    [Fact]
    public void WithoutSkipConnectionsTheOutputStillHasTheInputsSize()
    {
        using var unet = new UNet(UNetConfig.Small(skipConnections: false));
        using var x = rand(1, 3, 32, 32);

        using var y = unet.call(x);

        Assert.Equal([1L, 6, 32, 32], y.shape);
    }

    [Fact]
    public void SizesThatAreNotMultiplesOfTwoToTheDepthAreRejectedClearly()
    {
        using var unet = new UNet(new UNetConfig(Depth: 4, BaseWidth: 4));
        using var x = rand(1, 1, 30, 32);

        var error = Assert.Throws<ArgumentException>(() => unet.call(x));

        Assert.Equal("UNet (depth 4) expects images [batch, 1, height, width] with height and width multiples of 16; got [1, 1, 30, 32].", error.Message);
    }
}
