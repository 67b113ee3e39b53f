using DeepArch.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Convolutions;

public sealed class KernelsTests
{
    [Fact]
    public void IdentityLeavesTheImageUnchanged()
    {
        using var scope = NewDisposeScope();
        var image = rand(1, 1, 6, 7, generator: new Generator(3));
        var output = nn.functional.conv2d(image, Kernels.Identity().view(1, 1, 3, 3), padding: [1, 1]);
        Assert.True(output.allclose(image));
    }

    [Fact]
    public void BlurAndSharpenSumToOneAndEdgeDetectionToZero()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(1f, Kernels.GaussianBlur().sum().item<float>(), 6);
        Assert.Equal(1f, Kernels.Sharpen().sum().item<float>(), 6);
        Assert.Equal(0f, Kernels.EdgeDetection().sum().item<float>(), 6);
        Assert.Equal(0.25f, Kernels.GaussianBlur()[1, 1].item<float>(), 6);   // 4/16
    }

    [Fact]
    public void SobelYIsTheTransposeOfSobelX()
    {
        using var scope = NewDisposeScope();
        Assert.True(Kernels.SobelY().allclose(Kernels.SobelX().t()));
    }

    [Fact]
    public void GaussianDerivativeAtZeroDegreesIsProportionalToAHandComputedKernel()
    {
        // 3×3, σ = 1: columns −1, 0, +1 weighted by v·exp(−(u² + v²)/2): rows [−e^−1, 0, e^−1], [−e^−½, 0, e^−½], [−e^−1, 0, e^−1].
        using var scope = NewDisposeScope();
        double a = Math.Exp(-1), b = Math.Exp(-0.5), norm = Math.Sqrt(4 * a * a + 2 * b * b);
        var expected = tensor(new[] { -a, 0, a, -b, 0, b, -a, 0, a }.Select(v => (float)(v / norm)).ToArray(), [3, 3]);

        Assert.True(Kernels.GaussianDerivative(3, 0).allclose(expected, atol: 1e-6));
    }

    [Fact]
    public void GaussianDerivativeAtNinetyDegreesIsTheTranspose()
    {
        using var scope = NewDisposeScope();
        Assert.True(Kernels.GaussianDerivative(5, 90, 1.5).allclose(Kernels.GaussianDerivative(5, 0, 1.5).t(), atol: 1e-6));
        Assert.True(Kernels.GaussianDerivative(5, 180).allclose(-Kernels.GaussianDerivative(5, 0), atol: 1e-6));
    }

    [Fact]
    public void SobelFindsAVerticalStepEdge()
    {
        // Columns 0–2 dark, 3–5 bright: away from the border, Gx = 1 + 2 + 1 = 4 at columns 2 and 3, 0 elsewhere; Gy = 0.
        using var scope = NewDisposeScope();
        var image = zeros(6, 6);
        image[.., 3..] = tensor(1f);

        using var sobel = SobelGradients.Of(image);

        var row = sobel.Gx[0, 0, 2].data<float>().ToArray();
        Assert.Equal(new float[] { 0, 0, 4, 4, 0 }, row[..5]);
        Assert.Equal(0f, sobel.Gy[0, 0, 1..5].abs().max().item<float>());
        Assert.True(sobel.Magnitude.allclose(sobel.Gx.abs().where(sobel.Gy.eq(0), sobel.Magnitude)));
    }

    [Fact]
    public void SobelMagnitudeIsTheNormOfTheGradients()
    {
        using var scope = NewDisposeScope();
        var image = rand(2, 1, 8, 8, generator: new Generator(5));
        using var sobel = SobelGradients.Of(image);
        var gx = ReferenceConvolution.Conv2d(image, Kernels.SobelX().view(1, 1, 3, 3), padding: 1);
        var gy = ReferenceConvolution.Conv2d(image, Kernels.SobelY().view(1, 1, 3, 3), padding: 1);

        Assert.True(sobel.Gx.allclose(gx, atol: 1e-5));
        Assert.True(sobel.Gy.allclose(gy, atol: 1e-5));
        Assert.True(sobel.Magnitude.allclose((gx * gx + gy * gy).sqrt(), atol: 1e-5));
    }

    [Fact]
    public void SobelRejectsColourImages()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => SobelGradients.Of(zeros(1, 3, 8, 8)));
        Assert.Contains("grayscale", error.Message);
    }
}
