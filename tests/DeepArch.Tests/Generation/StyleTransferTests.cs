using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class StyleTransferTests
{
    [Fact]
    public void AFewStepsLowerTheStyleLoss()
    {
        var features = StyleFeatures.RandomConvolutions([8, 16], seed: 4);
        using var generator = new Generator(11);
        using var content = rand([1, 3, 16, 16], generator: generator);
        using var style = tensor(Enumerable.Range(0, 3 * 16 * 16).Select(i => (float)(i / 16 % 2)).ToArray(), [1, 3, 16, 16]);   // stripes

        var result = StyleTransfer.Run(features, 1, [0, 1], content, style, new StyleTransferOptions(Steps: 15, Rate: 0.05));

        Assert.True(result.StyleLoss[^1] < 0.5 * result.StyleLoss[0], $"style loss {result.StyleLoss[0]} → {result.StyleLoss[^1]}");
        Assert.True(result.TotalLoss[^1] < result.TotalLoss[0]);
    }

    [Fact]
    public void FromNoiseAFewStepsLowerTheContentLoss()
    {
        var features = StyleFeatures.RandomConvolutions([8, 16], seed: 4);
        using var generator = new Generator(12);
        using var content = rand([1, 3, 16, 16], generator: generator);

        var result = StyleTransfer.Run(features, 1, [0], content, content,
            new StyleTransferOptions(Steps: 15, Rate: 0.05, StyleWeight: 0, StartFromContent: false));

        Assert.True(result.ContentLoss[^1] < 0.5 * result.ContentLoss[0], $"content loss {result.ContentLoss[0]} → {result.ContentLoss[^1]}");
    }

    [Fact]
    public void TheStyleFeaturesTapTheFirstReluOfEachBlockAtHalvingSizes()
    {
        var features = StyleFeatures.RandomConvolutions([4, 8, 16], seed: 1);
        using var image = zeros(1, 3, 16, 16);

        var taps = features.Extract(image);

        Assert.Equal(["relu1_1", "relu2_1", "relu3_1"], features.TapNames);
        Assert.Equal([[1L, 4, 16, 16], [1L, 8, 8, 8], [1L, 16, 4, 4]], taps.Select(t => t.shape));
    }

    [Fact]
    public void AGrayImageIsRefusedByColourFeatures()
    {
        var features = StyleFeatures.RandomConvolutions([4], seed: 1);
        using var gray = zeros(1, 1, 8, 8);

        var error = Assert.Throws<ArgumentException>(() => features.Extract(gray));

        Assert.Contains("[1, 1, 8, 8]", error.Message);
    }
}

public sealed class Vgg19StyleFeaturesTests
{
    [Fact]
    public void Vgg19IsTappedAfterTheReLUsGatysUse()
    {
        // relu1_1 … relu5_1 halve the size block by block (64, 128, 256, 512, 512 channels); relu4_2 is in block 4.
        // ReLU outputs are never negative, which the convolutions before them are.
        var features = StyleFeatures.Vgg19(new DeepArch.Models.Vgg(DeepArch.Models.VggConfig.Vgg19()));
        using var generator = new Generator(3);
        using var image = rand([1, 3, 32, 32], generator: generator);

        using var noGrad = no_grad();
        var taps = features.Extract(image);

        Assert.Equal(["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1", "relu4_2"], features.TapNames);
        long[][] expected = [[1, 64, 32, 32], [1, 128, 16, 16], [1, 256, 8, 8], [1, 512, 4, 4], [1, 512, 2, 2], [1, 512, 4, 4]];
        Assert.Equal(expected, taps.Select(t => t.shape));
        Assert.All(taps, t => Assert.True(t.min().item<float>() >= 0));
    }
}
