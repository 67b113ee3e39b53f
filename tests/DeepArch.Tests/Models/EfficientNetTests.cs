using DeepArch.Models;
using DeepArch.Models.Analysis;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

public sealed class EfficientNetTests
{
    [Fact]
    public void CompoundScalingCoefficientsDoubleTheCostPerStep()
    {
        // Tan & Le 2019, eq. 3: α·β²·γ² ≈ 2 with α = 1.2, β = 1.1, γ = 1.15.
        const double perStep = EfficientNetConfig.Alpha * EfficientNetConfig.Beta * EfficientNetConfig.Beta
                               * EfficientNetConfig.Gamma * EfficientNetConfig.Gamma;
        Assert.Equal(1.92, perStep, 2);
    }

    [Fact]
    public void CompoundAppliesTheRuleAsWritten()
    {
        var phi0 = EfficientNetConfig.Compound(0);
        var phi1 = EfficientNetConfig.Compound(1);

        Assert.Equal((1.0, 1.0, 224), (phi0.WidthMultiplier, phi0.DepthMultiplier, phi0.Resolution));
        Assert.Equal(1.1, phi1.WidthMultiplier, 12);   // β
        Assert.Equal(1.2, phi1.DepthMultiplier, 12);   // α
        Assert.Equal(258, phi1.Resolution);            // 224·γ = 257.6
    }

    [Fact]
    public void B2AtTorchvisionsCropSizeCostsWhatTorchvisionReports()
    {
        // torchvision evaluates B2 at 288×288 (the paper: 260×260) and lists 1.09 GFLOPS (multiply-accumulates).
        using var b2 = new EfficientNet(EfficientNetConfig.B2());

        var summary = ModelSummary.Of(b2, 3, 288, 288);

        Assert.InRange(summary.Macs / 1e9, 1.09 * 0.985, 1.09 * 1.015);
    }

    [Theory]
    [InlineData(32, 1.0, 32)]
    [InlineData(32, 1.1, 32)]   // 35.2 rounds down to 32, within 10 %
    [InlineData(16, 1.4, 24)]   // 22.4 rounds to 24
    [InlineData(320, 1.8, 576)] // 576 exactly
    [InlineData(24, 0.25, 8)]   // never below 8
    public void WidthsRoundToTheNearestMultipleOfEight(int channels, double multiplier, int expected) =>
        Assert.Equal(expected, EfficientNet.ScaleWidth(channels, multiplier));

    [Fact]
    public void EvaluationModeIsDeterministicAndTrainingModeIsNot()
    {
        using var net = new EfficientNet(EfficientNetConfig.B0(classes: 4) with { StochasticDepth = 0.5 });
        using var x = rand(2, 3, 32, 32);
        using var noGrad = no_grad();

        net.eval();
        using var a = net.call(x);
        using var b = net.call(x);
        net.train();
        using var c = net.call(x);
        using var d = net.call(x);

        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.False(c.allclose(d), "dropout and stochastic depth draw new masks at each training pass");
    }
}
