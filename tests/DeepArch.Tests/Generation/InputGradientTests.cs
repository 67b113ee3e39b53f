using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class InputGradientTests
{
    [Fact]
    public void TheInputGradientEqualsACentralFiniteDifferenceOnATinyNetwork()
    {
        using var generator = new Generator(3);
        using var w1 = randn([4, 3], dtype: ScalarType.Float64, generator: generator);
        using var w2 = randn([2, 4], dtype: ScalarType.Float64, generator: generator);
        Tensor Energy(Tensor x) => nn.functional.softplus(x.matmul(w1.t()).tanh().matmul(w2.t())).sum();   // (1, 3) → scalar
        using var x = randn([1, 3], dtype: ScalarType.Float64, generator: generator);

        using var gradient = InputGradient.Gradient(Energy, x);

        const double h = 1e-6;
        for (var i = 0; i < 3; i++)
        {
            using var plus = x.clone();
            using var minus = x.clone();
            plus[0, i] += h;
            minus[0, i] -= h;
            double numeric;
            using (no_grad())
                numeric = (Energy(plus).item<double>() - Energy(minus).item<double>()) / (2 * h);
            Assert.Equal(numeric, gradient[0, i].item<double>(), 7);
        }
    }

    [Fact]
    public void AStepMovesTheInputAgainstTheGradientOfALinearEnergy()
    {
        // E(x) = w·x has gradient w everywhere, so x − η∇E = x − η w exactly.
        using var w = tensor(new double[] { 1, -2, 0.5 });
        using var x = tensor(new double[] { 0.2, 0.3, -0.1 });

        using var next = InputGradient.Step(input => input.mul(w).sum(), x, rate: 0.1);

        Assert.Equal(new[] { 0.1, 0.5, -0.15 }, next.data<double>().ToArray().Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void TheNetworksParametersGetNoGradient()
    {
        using var layer = nn.Linear(3, 2);
        using var x = ones(1, 3);

        using var gradient = InputGradient.Gradient(input => layer.call(input).sum(), x);

        Assert.All(layer.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
        Assert.False(x.requires_grad);
    }

    [Fact]
    public void AnEnergyThatIsNotAScalarIsRefused()
    {
        using var x = ones(2, 3);

        var error = Assert.Throws<ArgumentException>(() => InputGradient.Gradient(input => input * 2, x));

        Assert.Contains("scalar", error.Message);
    }

    [Fact]
    public void TheClassEnergyIsMinusTheTargetLogits()
    {
        using var logits = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var target = tensor(new long[] { 2, 0 });

        using var energy = InputGradient.ClassEnergy(x => x, target)(logits);

        Assert.Equal(-(3f + 4f), energy.item<float>());
    }
}
