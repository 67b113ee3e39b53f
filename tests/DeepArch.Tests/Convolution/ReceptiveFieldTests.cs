using DeepArch.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Convolutions;

public sealed class ReceptiveFieldTests
{
    [Fact]
    public void StackedThreeByThreeConvolutionsGrowByTwo()
    {
        // VGG's argument (Simonyan & Zisserman 2015, §2.3): two 3×3 layers see 5×5, three see 7×7.
        var steps = ReceptiveField.Compute(Enumerable.Range(1, 3).Select(i => new SlidingLayer($"conv{i}", 3, Padding: 1)));
        Assert.Equal([3, 5, 7], steps.Select(s => s.Size));
        Assert.All(steps, s => Assert.Equal(0.0, s.Start));
    }

    [Fact]
    public void PoolingMultipliesTheGrowthOfLaterLayers()
    {
        // conv 3×3 → pool 2×2/2 → conv 3×3: r = 3, 3 + 1·1 = 4, 4 + 2·2 = 8; jumps 1, 2, 2.
        var steps = ReceptiveField.Compute([new("conv1", 3), new("pool", 2, Stride: 2), new("conv2", 3)]);
        Assert.Equal([3, 4, 8], steps.Select(s => s.Size));
        Assert.Equal([1, 2, 2], steps.Select(s => s.Jump));
        Assert.Equal([1.0, 1.5, 3.5], steps.Select(s => s.Start));
    }

    [Fact]
    public void SizeMatchesTheInputPixelsThatReachOneUnitInTorchSharp()
    {
        // Independent check: feed one impulse per input pixel through the layers (all-ones kernels) and keep the pixels
        // whose impulse reaches output unit (8, 8). Forward passes only: TorchSharp 0.107's float32 input gradients of
        // conv2d with few channels are unreliable on CPU, so no backward here.
        using var scope = NewDisposeScope();
        SlidingLayer[] layers = [new("conv1", 3, Padding: 1), new("conv2", 3, Stride: 2, Dilation: 2), new("conv3", 5, Padding: 2)];
        var x = eye(40 * 40).view(40 * 40, 1, 40, 40);   // [1600, 1, 40, 40]
        foreach (var layer in layers)
            x = nn.functional.conv2d(x, ones(1, 1, layer.Kernel, layer.Kernel), null,
                [layer.Stride, layer.Stride], [layer.Padding, layer.Padding], [layer.Dilation, layer.Dilation]);

        var reached = x[.., 0, 8, 8].ne(0).to(ScalarType.Float32).view(40, 40);
        var coveredRows = reached.sum(1).ne(0);   // [40]
        var expected = ReceptiveField.Compute(layers)[^1];

        Assert.Equal(expected.Size, coveredRows.sum().item<long>());
        Assert.Equal(expected.Start + 8 * expected.Jump, coveredRows.nonzero().to(ScalarType.Float64).mean().item<double>());
    }

    [Fact]
    public void ComputeRejectsAZeroStride() =>
        Assert.Throws<ArgumentException>(() => ReceptiveField.Compute([new SlidingLayer("bad", 3, Stride: 0)]));
}
