using DeepArch.Diffusion;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

public sealed class ScoreViewTests
{
    [Fact]
    public void LangevinDynamicsOnAGaussianScoreDrawsThatGaussian()
    {
        // p = N(μ, s² I): ∇ log p(x) = −(x − μ) / s².
        const double mu = 1.5, s = 0.5;
        using var start = zeros(20_000, 2);

        using var x = Langevin.Run(p => -(p - mu) / (s * s), start, stepSize: 0.01, steps: 400, new Generator(11));

        Assert.Equal(mu, x.mean().item<float>(), 0.02);
        // Euler–Maruyama's stationary variance is s² / (1 − δ / (4 s²)) = 0.2525 here.
        Assert.Equal(0.2525, x.var().item<float>(), 0.01);
    }

    [Fact]
    public void TheScoreIsMinusTheNoiseOverSigma()
    {
        var schedule = NoiseSchedule.Cosine(100);
        using var epsilon = tensor(new[] { 0.5f, -2f });

        using var score = DiffusionMath.Score(schedule, epsilon, 40);

        var sigma = Math.Sqrt(1 - schedule.AlphaBars[40]);
        Assert.Equal((float)(-0.5 / sigma), score[0].item<float>(), 5);
        Assert.Equal((float)(2 / sigma), score[1].item<float>(), 5);
    }
}
