using DeepArch.Diffusion;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

public sealed class ForwardProcessTests
{
    [Fact]
    public void TheClosedFormAgreesWithIteratingTheOneStepProcess()
    {
        var schedule = NoiseSchedule.Linear(100);
        const int t = 60;
        const int n = 40_000;
        var generator = new Generator(7);
        using var x0 = full([n], 0.8, dtype: ScalarType.Float64);

        // q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I), iterated t + 1 times (indices 0 … t).
        var x = x0.clone();
        for (var s = 0; s <= t; s++)
            x = Math.Sqrt(1 - schedule.Betas[s]) * x + Math.Sqrt(schedule.Betas[s]) * randn([n], dtype: ScalarType.Float64, generator: generator);
        using var noise = randn([n], dtype: ScalarType.Float64, generator: generator);
        using var closed = DiffusionMath.AddNoise(schedule, x0, noise, full([n], t, dtype: ScalarType.Int64));

        var alphaBar = schedule.AlphaBars[t];
        var standardError = Math.Sqrt((1 - alphaBar) / n);
        Assert.Equal(Math.Sqrt(alphaBar) * 0.8, x.mean().item<double>(), 5 * standardError);
        Assert.Equal(Math.Sqrt(alphaBar) * 0.8, closed.mean().item<double>(), 5 * standardError);
        Assert.Equal(1 - alphaBar, x.var().item<double>(), 0.03 * (1 - alphaBar));
        Assert.Equal(1 - alphaBar, closed.var().item<double>(), 0.03 * (1 - alphaBar));
    }

    [Fact]
    public void EachImageIsNoisedAtItsOwnTimestep()
    {
        var schedule = NoiseSchedule.Cosine(50);
        using var x0 = ones(2, 1, 2, 2);
        using var noise = full([2, 1, 2, 2], 0.5f);

        using var xt = DiffusionMath.AddNoise(schedule, x0, noise, tensor(new long[] { 0, 49 }));

        Assert.Equal((float)(Math.Sqrt(schedule.AlphaBars[0]) + 0.5 * Math.Sqrt(1 - schedule.AlphaBars[0])), xt[0, 0, 1, 1].item<float>(), 5);
        Assert.Equal((float)(Math.Sqrt(schedule.AlphaBars[49]) + 0.5 * Math.Sqrt(1 - schedule.AlphaBars[49])), xt[1, 0, 0, 1].item<float>(), 5);
    }

    [Fact]
    public void ATimestepBeyondTheScheduleIsRefused()
    {
        var schedule = NoiseSchedule.Cosine(50);
        using var x0 = zeros(1, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionMath.AddNoise(schedule, x0, zeros(1, 4), tensor(new long[] { 50 })));
    }
}
