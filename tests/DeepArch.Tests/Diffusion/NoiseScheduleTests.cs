using DeepArch.Diffusion;

namespace DeepArch.Tests.Diffusion;

public sealed class NoiseScheduleTests
{
    [Fact]
    public void LinearAlphaBarIsTheRunningProductOfOneMinusTheLinearBetas()
    {
        var schedule = NoiseSchedule.Linear(1000);

        // Ho et al. 2020: β from 1e-4 to 0.02 in 1000 equal increments; ᾱ_t = ∏ (1 − β_s).
        var product = 1.0;
        for (var t = 0; t < 1000; t++)
        {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * t / 999.0);
            Assert.Equal(product, schedule.AlphaBars[t], 12);
        }
    }

    [Fact]
    public void CosineAlphaBarFollowsTheSquaredCosineRatio()
    {
        var schedule = NoiseSchedule.Cosine(200);

        // Nichol & Dhariwal 2021, eq. 17: ᾱ_t = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s) · π/2), paper's t = index + 1.
        static double F(double t) => Math.Pow(Math.Cos((t / 200 + 0.008) / 1.008 * Math.PI / 2), 2);
        for (var t = 0; t < 195; t++)   // the last few β are clipped at 0.999
            Assert.Equal(F(t + 1) / F(0), schedule.AlphaBars[t], 9);
    }

    [Fact]
    public void SignalToNoiseFallsFromLargeToTinyAlongBothSchedules()
    {
        foreach (var schedule in new[] { NoiseSchedule.Linear(500), NoiseSchedule.Cosine(500) })
        {
            Assert.True(schedule.SignalToNoise(0) > 100, schedule.Name);
            Assert.True(schedule.SignalToNoise(499) < 1e-3, schedule.Name);
            Assert.Equal(schedule.AlphaBars[250] / (1 - schedule.AlphaBars[250]), schedule.SignalToNoise(250), 12);
        }
    }

    [Fact]
    public void AnUnknownScheduleNameIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => NoiseSchedule.Create("sigmoid", 10));

        Assert.Contains("linear or cosine", error.Message);
    }
}
