using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class GramMatrixTests
{
    [Fact]
    public void TheGramMatrixMatchesAHandComputation()
    {
        // Two channels on a 2×2 map: F1 = (1, 2, 3, 4), F2 = (0, 1, 0, −1); M = 4 positions.
        // F1·F1 = 30, F1·F2 = 2 − 4 = −2, F2·F2 = 2; divided by M: [[7.5, −0.5], [−0.5, 0.5]].
        using var features = tensor(new float[] { 1, 2, 3, 4, 0, 1, 0, -1 }, [1, 2, 2, 2]);

        using var gram = GramMatrix.Compute(features);

        Assert.Equal([1L, 2, 2], gram.shape);
        Assert.Equal([7.5f, -0.5f, -0.5f, 0.5f], gram.data<float>().ToArray());
    }

    [Fact]
    public void EachImageOfABatchGetsItsOwnGramMatrix()
    {
        // Image 0: one channel of ones on 1×3 (Gram 1); image 1: twos (Gram 4).
        using var features = tensor(new float[] { 1, 1, 1, 2, 2, 2 }, [2, 1, 1, 3]);

        using var gram = GramMatrix.Compute(features);

        Assert.Equal([1f, 4f], gram.data<float>().ToArray());
    }

    [Fact]
    public void FeaturesThatAreNotABatchOfMapsAreRefusedWithTheirShape()
    {
        using var features = zeros(3, 4);

        var error = Assert.Throws<ArgumentException>(() => GramMatrix.Compute(features));

        Assert.Contains("[3, 4]", error.Message);
    }
}
