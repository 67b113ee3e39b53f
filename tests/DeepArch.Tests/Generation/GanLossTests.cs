using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class GanLossTests
{
    private static readonly double[] RealLogits = [2.0, -1.0, 0.5];
    private static readonly double[] FakeLogits = [0.5, -3.0, 1.5];

    private static double Sigmoid(double l) => 1 / (1 + Math.Exp(-l));

    [Fact]
    public void TheDiscriminatorLossIsMinusTheMeanLogOfDOnRealPlusLogOfOneMinusDOnFake()
    {
        // −E[log D(x)] − E[log(1 − D(G(z)))], by hand from σ.
        var expected = -RealLogits.Average(l => Math.Log(Sigmoid(l))) - FakeLogits.Average(l => Math.Log(1 - Sigmoid(l)));
        using var real = tensor(RealLogits);
        using var fake = tensor(FakeLogits);

        using var loss = GanLoss.Discriminator(real, fake);

        Assert.Equal(expected, loss.item<double>(), 1e-10);
    }

    [Fact]
    public void OneSidedLabelSmoothingMixesTheRealTermsWithTargetPointNine()
    {
        var expected = -RealLogits.Average(l => 0.9 * Math.Log(Sigmoid(l)) + 0.1 * Math.Log(1 - Sigmoid(l)))
            - FakeLogits.Average(l => Math.Log(1 - Sigmoid(l)));
        using var real = tensor(RealLogits);
        using var fake = tensor(FakeLogits);

        using var loss = GanLoss.Discriminator(real, fake, realTarget: 0.9);

        Assert.Equal(expected, loss.item<double>(), 1e-10);
    }

    [Fact]
    public void AtEquilibriumTheDiscriminatorLossIsLogFour()
    {
        using var zero = zeros(5, dtype: ScalarType.Float64);

        using var loss = GanLoss.Discriminator(zero, zero);

        Assert.Equal(Math.Log(4), loss.item<double>(), 1e-12);
    }

    [Fact]
    public void TheMinimaxGeneratorLossIsTheMeanLogOfOneMinusD()
    {
        var expected = FakeLogits.Average(l => Math.Log(1 - Sigmoid(l)));
        using var fake = tensor(FakeLogits);

        using var loss = GanLoss.Generator(fake, GanObjective.Minimax);

        Assert.Equal(expected, loss.item<double>(), 1e-10);
    }

    [Fact]
    public void TheNonSaturatingGeneratorLossIsMinusTheMeanLogOfD()
    {
        var expected = -FakeLogits.Average(l => Math.Log(Sigmoid(l)));
        using var fake = tensor(FakeLogits);

        using var loss = GanLoss.Generator(fake, GanObjective.NonSaturating);

        Assert.Equal(expected, loss.item<double>(), 1e-10);
    }

    [Fact]
    public void LossesStayFiniteWhenTheDiscriminatorIsCertain()
    {
        // σ(±200) rounds to exactly 1 or 0 in float32, where log would give −∞; the logit form gives ≈ 200.
        using var real = tensor(new[] { -200f });
        using var fake = tensor(new[] { 200f });

        using var discriminator = GanLoss.Discriminator(real, fake);
        using var generator = GanLoss.Generator(-fake, GanObjective.NonSaturating);

        Assert.Equal(400, discriminator.item<float>(), 1e-3);
        Assert.Equal(200, generator.item<float>(), 1e-3);
    }

    [Fact]
    public void TheMinimaxGradientVanishesWhereTheNonSaturatingOneDoesNot()
    {
        // Early in training D rejects fakes (logit −6): d/dl log(1 − σ(l)) = −σ(l) ≈ −0.0025, d/dl −log σ(l) = σ(l) − 1 ≈ −0.9975.
        using var minimaxLogit = tensor(new[] { -6.0 }).requires_grad_();
        using var nonSaturatingLogit = tensor(new[] { -6.0 }).requires_grad_();

        GanLoss.Generator(minimaxLogit, GanObjective.Minimax).backward();
        GanLoss.Generator(nonSaturatingLogit, GanObjective.NonSaturating).backward();

        Assert.Equal(-Sigmoid(-6), minimaxLogit.grad!.item<double>(), 1e-10);
        Assert.Equal(Sigmoid(-6) - 1, nonSaturatingLogit.grad!.item<double>(), 1e-10);
    }
}
