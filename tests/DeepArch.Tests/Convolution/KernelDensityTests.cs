using DeepArch.Convolutions;

namespace DeepArch.Tests.Convolutions;

public sealed class KernelDensityTests
{
    [Fact]
    public void GaussianEstimateAtASampleOfOne()
    {
        // One sample at 0, h = 2: p̂(0) = K(0)/2 = 1/(2√(2π)); p̂(2) = K(1)/2.
        var density = KernelDensity.Estimate([0.0], [0.0, 2.0], 2);
        Assert.Equal(1 / (2 * Math.Sqrt(2 * Math.PI)), density[0], 12);
        Assert.Equal(Math.Exp(-0.5) / (2 * Math.Sqrt(2 * Math.PI)), density[1], 12);
    }

    [Fact]
    public void RectangularEstimateCountsSamplesInTheWindow()
    {
        // Samples 0, 0.2, 1; h = 0.5: at x = 0.1 the window (−0.15, 0.35) holds two of three → 2/(3·0.5).
        var density = KernelDensity.Estimate([0.0, 0.2, 1.0], [0.1, 0.6], 0.5, DensityKernel.Rectangular);
        Assert.Equal(4.0 / 3, density[0], 12);
        Assert.Equal(0.0, density[1], 12);
    }

    [Theory]
    [InlineData(DensityKernel.Gaussian, 0.3)]
    [InlineData(DensityKernel.Rectangular, 0.7)]
    public void EstimateIntegratesToOne(DensityKernel kernel, double bandwidth)
    {
        double[] samples = [-1.2, 0.1, 0.4, 2.5];
        var xs = Enumerable.Range(0, 20_001).Select(i => -8 + i * 0.001).ToArray();
        var integral = KernelDensity.Estimate(samples, xs, bandwidth, kernel).Sum() * 0.001;
        Assert.Equal(1.0, integral, 3);
    }

    [Fact]
    public void EstimateRejectsANonPositiveBandwidth() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelDensity.Estimate([0.0], [0.0], 0));
}
