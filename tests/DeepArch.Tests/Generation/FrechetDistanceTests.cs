using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class FrechetDistanceTests
{
    [Fact]
    public void TheSquareRootOfATwoByTwoMatrixMatchesTheClosedForm()
    {
        // For a 2×2 positive definite M: √M = (M + s I) / t with s = √det M and t = √(tr M + 2 s).
        double a = 5, b = 2, c = 3;
        var s = Math.Sqrt(a * c - b * b);
        var t = Math.Sqrt(a + c + 2 * s);
        using var matrix = tensor(new[] { a, b, b, c }, [2, 2]);

        using var root = FrechetDistance.MatrixSquareRoot(matrix);

        var expected = new[] { (a + s) / t, b / t, b / t, (c + s) / t };
        var actual = root.data<double>().ToArray();
        for (var i = 0; i < 4; i++)
            Assert.Equal(expected[i], actual[i], 10);
    }

    [Fact]
    public void TheSquareRootTimesItselfGivesBackTheMatrix()
    {
        var generator = new TorchSharp.torch.Generator(7);
        using var x = randn([50, 6], dtype: ScalarType.Float64, generator: generator);
        using var matrix = x.t().mm(x) / 49;                 // symmetric positive definite [6, 6]

        using var root = FrechetDistance.MatrixSquareRoot(matrix);
        using var square = root.mm(root);

        Assert.True(square.allclose(matrix, rtol: 1e-9, atol: 1e-9));
        Assert.True(root.allclose(root.t(), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void ASampleIsAtDistanceZeroFromItself()
    {
        var generator = new TorchSharp.torch.Generator(3);
        using var features = randn([300, 10], generator: generator) * 4 + 2;

        var distance = FrechetDistance.Compute(features, features);

        Assert.InRange(distance, 0, 1e-6);
    }

    [Fact]
    public void TheDistanceBetweenTwoGaussiansMatchesTheClosedForm()
    {
        // Σ₁ = I and Σ₂ = [[2, 1], [1, 2]] (eigenvalues 3 and 1, so Tr(Σ₁Σ₂)^½ = √3 + 1), μ₁ − μ₂ = (1, 2).
        using var mean1 = tensor(new[] { 0.0, 0.0 });
        using var mean2 = tensor(new[] { 1.0, 2.0 });
        using var identity = eye(2, dtype: ScalarType.Float64);
        using var covariance2 = tensor(new[] { 2.0, 1.0, 1.0, 2.0 }, [2, 2]);

        var distance = FrechetDistance.FromStatistics(mean1, identity, mean2, covariance2);

        Assert.Equal(5 + 2 + 4 - 2 * (Math.Sqrt(3) + 1), distance, 10);
    }

    [Fact]
    public void LargeSamplesOfTwoGaussiansComeCloseToTheirClosedFormDistance()
    {
        // Diagonal covariances commute: d² = ‖μ₁ − μ₂‖² + Σ (σ₁ᵢ − σ₂ᵢ)².
        double[] sigma1 = [1, 2, 0.5], sigma2 = [2, 1, 0.5], mu2 = [1, 0, -1];
        var generator = new TorchSharp.torch.Generator(11);
        using var a = randn([40_000, 3], dtype: ScalarType.Float64, generator: generator) * tensor(sigma1);
        using var b = randn([40_000, 3], dtype: ScalarType.Float64, generator: generator) * tensor(sigma2) + tensor(mu2);
        var expected = mu2.Sum(m => m * m) + sigma1.Zip(sigma2).Sum(p => (p.First - p.Second) * (p.First - p.Second));

        var distance = FrechetDistance.Compute(a, b);

        Assert.InRange(distance, expected - 0.1, expected + 0.1);   // 4.0 within sampling error
    }

    [Fact]
    public void FeaturesOfDifferentLengthsAreRejected()
    {
        using var a = zeros(5, 3);
        using var b = zeros(5, 4);

        var error = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b));

        Assert.Contains("same length", error.Message);
    }
}
