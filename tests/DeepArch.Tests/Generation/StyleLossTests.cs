using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class StyleLossTests
{
    [Fact]
    public void TheContentLossIsHalfTheMeanSquaredDifference()
    {
        // Differences (1, −2, 0, 3): squares 1 + 4 + 0 + 9 = 14, mean 3.5, half 1.75.
        using var generated = tensor(new float[] { 1, 0, 5, 3 }, [1, 1, 2, 2]);
        using var content = tensor(new float[] { 0, 2, 5, 0 }, [1, 1, 2, 2]);

        using var loss = StyleLoss.Content(generated, content);

        Assert.Equal(1.75f, loss.item<float>(), 6);
    }

    [Fact]
    public void TheStyleLossIsAQuarterOfTheMeanSquaredGramDifference()
    {
        // Gram differences (2, 0, 0, −2): squares sum 8, mean 2, quarter 0.5 (Gatys eq. 4 with Ĝ = G/M).
        using var a = tensor(new float[] { 3, 1, 1, 2 }, [1, 2, 2]);
        using var b = tensor(new float[] { 1, 1, 1, 4 }, [1, 2, 2]);

        using var loss = StyleLoss.Style(a, b);

        Assert.Equal(0.5f, loss.item<float>(), 6);
    }

    [Fact]
    public void GramMatricesOfDifferentLayersAreRefused()
    {
        using var a = zeros(1, 2, 2);
        using var b = zeros(1, 3, 3);

        Assert.Throws<ArgumentException>(() => StyleLoss.Style(a, b));
    }
}
