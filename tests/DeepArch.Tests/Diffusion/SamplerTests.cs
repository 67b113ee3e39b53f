using DeepArch.Diffusion;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

public sealed class SamplerTests
{
    private static readonly NoiseSchedule Schedule = NoiseSchedule.Linear(100);

    private static (Tensor X0, Tensor Noise, Tensor Xt) Noised(int t, ulong seed)
    {
        var generator = new Generator(seed);
        var x0 = rand([3, 1, 4, 4], dtype: ScalarType.Float64, generator: generator) * 2 - 1;
        var noise = randn([3, 1, 4, 4], dtype: ScalarType.Float64, generator: generator);
        var a = Schedule.AlphaBars[t];
        return (x0, noise, Math.Sqrt(a) * x0 + Math.Sqrt(1 - a) * noise);
    }

    [Fact]
    public void TheTrueNoiseGivesBackTheCleanImageAsTheEstimate()
    {
        var (x0, noise, xt) = Noised(70, 1);

        using var estimate = DiffusionMath.PredictX0(Schedule, noise, 70, xt);

        Assert.True(estimate.allclose(x0, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void ADdpmStepAtTimeZeroWithTheTrueNoiseReturnsTheCleanImage()
    {
        var (x0, noise, xt) = Noised(0, 2);

        using var step = new DdpmSampler(Schedule, clipSample: false).Step(noise, 0, xt, (Tensor?)null);

        Assert.True(step.allclose(x0, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void AnUnclippedDdpmStepIsEquationElevenPlusSigmaZ()
    {
        var (_, epsilon, xt) = Noised(40, 3);
        using var z = randn([3, 1, 4, 4], dtype: ScalarType.Float64, generator: new Generator(4));

        using var step = new DdpmSampler(Schedule, clipSample: false).Step(epsilon, 40, xt, z);

        // Ho et al. 2020, eq. 11 and Algorithm 2 with σ² = β̃_t, computed here from β alone.
        double beta = Schedule.Betas[40], alpha = 1 - beta, alphaBar = 1, alphaBarPrevious = 1;
        for (var s = 0; s <= 40; s++)
            alphaBar *= 1 - Schedule.Betas[s];
        alphaBarPrevious = alphaBar / alpha;
        var sigma = Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar) * beta);
        using var expected = (xt - beta / Math.Sqrt(1 - alphaBar) * epsilon) / Math.Sqrt(alpha) + sigma * z;
        Assert.True(step.allclose(expected, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void DdimWithEtaZeroIsDeterministic()
    {
        var (_, epsilon, xt) = Noised(50, 5);
        var sampler = new DdimSampler(Schedule, steps: 10);

        using var a = sampler.Step(epsilon, 50, xt, new Generator(1));
        using var b = sampler.Step(epsilon, 50, xt, new Generator(2));

        Assert.True(a.eq(b).all().item<bool>());
    }

    [Fact]
    public void DdimWithAllStepsFollowsEquationTwelve()
    {
        var (_, epsilon, xt) = Noised(30, 6);

        using var step = new DdimSampler(Schedule, steps: 100, clipSample: false).Step(epsilon, 30, xt, (Tensor?)null);

        // Song et al. 2021, eq. 12 with σ = 0: √ᾱ_{t−1} (x_t − √(1 − ᾱ_t) ε)/√ᾱ_t + √(1 − ᾱ_{t−1}) ε.
        double a = Schedule.AlphaBars[30], previous = Schedule.AlphaBars[29];
        using var expected = Math.Sqrt(previous) * (xt - Math.Sqrt(1 - a) * epsilon) / Math.Sqrt(a) + Math.Sqrt(1 - previous) * epsilon;
        Assert.True(step.allclose(expected, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void DdimWithEtaOneAndAllStepsIsTheDdpmStep()
    {
        var (_, epsilon, xt) = Noised(55, 7);
        using var z = randn([3, 1, 4, 4], dtype: ScalarType.Float64, generator: new Generator(8));

        using var ddim = new DdimSampler(Schedule, steps: 100, eta: 1, clipSample: false).Step(epsilon, 55, xt, z);
        using var ddpm = new DdpmSampler(Schedule, clipSample: false).Step(epsilon, 55, xt, z);

        Assert.True(ddim.allclose(ddpm, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void DdimVisitsAnEvenlySpacedSubsequenceDownToZero()
    {
        var sampler = new DdimSampler(Schedule, steps: 10);

        Assert.Equal([90, 80, 70, 60, 50, 40, 30, 20, 10, 0], sampler.Timesteps);
        Assert.Equal(80, sampler.Previous(90));
        Assert.Equal(-1, sampler.Previous(0));
    }

    [Fact]
    public void GuidanceWithWeightZeroIsTheConditionalPrediction()
    {
        using var conditional = randn(2, 3, generator: new Generator(9));
        using var unconditional = randn(2, 3, generator: new Generator(10));

        using var guided = ClassifierFreeGuidance.Combine(conditional, unconditional, 0);
        using var doubled = ClassifierFreeGuidance.Combine(conditional, unconditional, 1);

        Assert.True(guided.eq(conditional).all().item<bool>());
        Assert.True(doubled.allclose(2 * conditional - unconditional, rtol: 0, atol: 1e-6));
    }
}
