using DeepArch.Models;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

public sealed class ResNetBlockTests
{
    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void BasicBlockWithProjectionHasTheHandCountedParameters()
    {
        using var block = new BasicBlock(64, 128, stride: 2);

        // conv3×3 64→128, BN(128), conv3×3 128→128, BN(128), projection conv1×1 64→128 + BN(128); no biases.
        Assert.Equal(9 * 64 * 128 + 2 * 128 + 9 * 128 * 128 + 2 * 128 + 64 * 128 + 2 * 128, Count(block));
    }

    [Fact]
    public void BottleneckHasTheHandCountedParameters()
    {
        using var identity = new Bottleneck(256, 64);
        using var projected = new Bottleneck(64, 64);

        // 1×1 256→64, 3×3 64→64, 1×1 64→256, BNs of 64, 64, 256 channels; shapes match, so no projection.
        Assert.Equal(256 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256), Count(identity));
        // From 64 channels the output (256) differs: projection 1×1 64→256 + BN(256).
        Assert.Equal(64 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256) + 64 * 256 + 2 * 256, Count(projected));
    }

    [Fact]
    public void ShortcutOptionsAAndNoneAddNoParameters()
    {
        using var projection = new BasicBlock(16, 32, stride: 2, Shortcut.Projection);
        using var zeroPadding = new BasicBlock(16, 32, stride: 2, Shortcut.ZeroPadding);
        using var plain = new BasicBlock(16, 32, stride: 2, Shortcut.None);

        Assert.Equal(Count(plain), Count(zeroPadding));
        Assert.Equal(Count(plain) + 16 * 32 + 2 * 32, Count(projection));
    }

    [Fact]
    public void WithZeroResidualBranchAnIdentityBlockPassesItsInputAndAPlainBlockDoesNot()
    {
        using var residual = new BasicBlock(8, 8, shortcut: Shortcut.ZeroPadding);
        using var plain = new BasicBlock(8, 8, shortcut: Shortcut.None);
        using var x = rand(2, 8, 6, 6);

        using var y = WithZeroConvolutions(residual).call(x);
        using var z = WithZeroConvolutions(plain).call(x);

        Assert.True(y.allclose(x), "relu(0 + x) = x for x ≥ 0");
        Assert.Equal(0.0, z.abs().max().item<float>());
    }

    [Fact]
    public void ZeroPaddingShortcutSubsamplesAndAppendsZeroChannels()
    {
        using var block = new BasicBlock(4, 8, stride: 2, Shortcut.ZeroPadding);
        using var x = rand(1, 4, 6, 6);

        using var y = WithZeroConvolutions(block).call(x);

        Assert.Equal([1L, 8, 3, 3], y.shape);
        using var expected = x[.., .., TensorIndex.Slice(step: 2), TensorIndex.Slice(step: 2)];
        Assert.True(y[.., ..4].allclose(expected));
        Assert.Equal(0.0, y[.., 4..].abs().max().item<float>());
    }

    [Fact]
    public void ResNet20AndPlain20DifferOnlyByTheirShortcuts()
    {
        using var residual = new CifarResNet(CifarResNetConfig.ResNet20());
        using var plain = new CifarResNet(CifarResNetConfig.Plain20());

        Assert.Equal(
            residual.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))),
            plain.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))));
    }

    [Fact]
    public void CifarResNetDepthMustBeSixNPlusTwo()
    {
        var error = Assert.Throws<ArgumentException>(() => new CifarResNet(new CifarResNetConfig(Depth: 21)));
        Assert.Contains("6n + 2", error.Message);
    }

    // Zero convolutions and evaluation-mode BN with fresh statistics (mean 0, variance 1, γ 1, β 0) make the
    // residual branch F(x) exactly zero (up to BN's ε), leaving only what the shortcut carries.
    private static T WithZeroConvolutions<T>(T block) where T : nn.Module
    {
        using (no_grad())
            foreach (var conv in block.modules().OfType<TorchSharp.Modules.Conv2d>())
                conv.weight.zero_();
        block.eval();
        return block;
    }
}
