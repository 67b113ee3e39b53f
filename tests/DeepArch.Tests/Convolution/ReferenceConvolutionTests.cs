using DeepArch.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Convolutions;

public sealed class ReferenceConvolutionTests
{
    public static TheoryData<int, int, int, int> Settings => new()
    {
        // kernel, stride, padding, dilation
        { 3, 1, 0, 1 },
        { 3, 1, 1, 1 },
        { 3, 2, 1, 1 },
        { 5, 3, 2, 1 },
        { 3, 1, 2, 2 },
        { 2, 2, 0, 3 },
        { 4, 1, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Conv2dMatchesTorchSharp(int kernel, int stride, int padding, int dilation)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var input = randn([2, 3, 9, 11], generator: generator);
        var weight = randn([4, 3, kernel, kernel], generator: generator);
        var bias = randn([4], generator: generator);

        var expected = nn.functional.conv2d(input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation]);
        var actual = ReferenceConvolution.Conv2d(input, weight, bias, stride, padding, dilation);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5), $"max |difference| = {(actual - expected).abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Conv1dMatchesTorchSharp(int kernel, int stride, int padding, int dilation)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var input = randn([2, 3, 17], generator: generator);
        var weight = randn([5, 3, kernel], generator: generator);

        var expected = nn.functional.conv1d(input, weight, null, stride, padding, dilation);
        var actual = ReferenceConvolution.Conv1d(input, weight, stride: stride, padding: padding, dilation: dilation);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Conv2dComputesAHandWorkedExample()
    {
        // x = [1 2 3; 4 5 6; 7 8 9], w = [1 0; 0 −1]: each output is x[i, j] − x[i+1, j+1] = −4.
        using var scope = NewDisposeScope();
        var x = arange(1f, 10f).view(1, 1, 3, 3);
        var w = tensor(new float[] { 1, 0, 0, -1 }, [1, 1, 2, 2]);

        var y = ReferenceConvolution.Conv2d(x, w, tensor(new float[] { 0.5f }));

        Assert.Equal(new float[] { -3.5f, -3.5f, -3.5f, -3.5f }, y.data<float>().ToArray());
    }

    [Fact]
    public void Conv2dRejectsFiltersWithTheWrongInputChannels()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => ReferenceConvolution.Conv2d(zeros(1, 3, 8, 8), zeros(2, 1, 3, 3)));
        Assert.Contains("C_in = 3", error.Message);
    }

    [Fact]
    public void ConvolvingTwoRectanglesGivesATriangle()
    {
        // [1 1 1] * [1 1 1] = [1 2 3 2 1]: the lecture's rectangle-with-rectangle example, sampled.
        Assert.Equal([1.0, 2, 3, 2, 1], ReferenceConvolution.Convolve([1.0, 1, 1], [1.0, 1, 1]));
    }

    [Fact]
    public void ConvolvingWithAShiftedDiracShiftsTheSequence()
    {
        Assert.Equal([0.0, 0, 4, 5, 6], ReferenceConvolution.Convolve([4.0, 5, 6], [0.0, 0, 1]));
    }

    [Fact]
    public void ConvolveFlipsTheKernelUnlikeConv1d()
    {
        // Full convolution of f with g equals cross-correlation of f with g reversed, padded by |g| − 1.
        double[] f = [1, -2, 3, 0.5], g = [2, 1, -1];
        using var scope = NewDisposeScope();
        var correlation = ReferenceConvolution.Conv1d(
            tensor(f).to(ScalarType.Float32).view(1, 1, -1), tensor(g.Reverse().ToArray()).to(ScalarType.Float32).view(1, 1, -1), padding: 2);

        var convolution = ReferenceConvolution.Convolve(f, g);

        Assert.Equal(new double[] { 2, -3, 3, 6, -2.5, -0.5 }, convolution);   // by hand: Σ f[m] g[n − m]
        Assert.Equal(convolution.Select(v => (float)v), correlation.data<float>().ToArray());
    }
}
