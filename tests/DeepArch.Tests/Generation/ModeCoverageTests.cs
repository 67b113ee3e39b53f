using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class ModeCoverageTests
{
    [Fact]
    public void TheCircleCentresLieAtEqualAnglesOnTheRadius()
    {
        using var centers = ModeCoverage.CircleCenters(4, radius: 2);

        var values = centers.data<float>().ToArray();

        Assert.Equal([2f, 0f, 0f, 2f, -2f, 0f, 0f, -2f], values.Select(v => MathF.Round(v, 5) + 0f).ToArray());
    }

    [Fact]
    public void SamplesSpreadOverEveryCentreCoverEveryMode()
    {
        using var centers = ModeCoverage.CircleCenters(8);
        using var samples = centers.repeat(10, 1) + 0.01;                       // 80 points, 10 per mode, 0.014 away

        var report = ModeCoverage.Measure(samples, centers, radius: 0.1);

        Assert.Equal(8, report.ModesCovered);
        Assert.Equal(1.0, report.HighQualityShare);
        Assert.All(report.Counts, count => Assert.Equal(10, count));
    }

    [Fact]
    public void ACollapsedGeneratorCoversOneMode()
    {
        using var centers = ModeCoverage.CircleCenters(8);
        using var samples = centers[..1].repeat(80, 1);

        var report = ModeCoverage.Measure(samples, centers, radius: 0.1);

        Assert.Equal(1, report.ModesCovered);
        Assert.Equal(1.0, report.HighQualityShare);
    }

    [Fact]
    public void SamplesBetweenTheModesAreNotHighQuality()
    {
        using var centers = ModeCoverage.CircleCenters(8);
        using var samples = zeros(20, 2);                                      // the circle's centre, 2 away from every mode

        var report = ModeCoverage.Measure(samples, centers, radius: 0.5);

        Assert.Equal(0, report.ModesCovered);
        Assert.Equal(0.0, report.HighQualityShare);
    }

    [Fact]
    public void AModeWithTooFewSamplesIsNotCovered()
    {
        // 100 samples, 8 modes: a fair share is 12.5, a tenth of it 1.25, so one sample is not enough and two are.
        using var centers = ModeCoverage.CircleCenters(8);
        using var samples = cat([centers[..1].repeat(97, 1), centers[1..2], centers[2..3].repeat(2, 1)]);

        var report = ModeCoverage.Measure(samples, centers, radius: 0.1, minimumFairShare: 0.1);

        Assert.Equal(2, report.ModesCovered);
        Assert.Equal([97, 1, 2, 0, 0, 0, 0, 0], report.Counts);
    }
}
