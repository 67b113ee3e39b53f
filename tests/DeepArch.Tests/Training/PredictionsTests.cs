using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training;

public sealed class PredictionsTests
{
    // Identity "network": the inputs are the logits.
    private static nn.Module<Tensor, Tensor> Identity() => nn.Identity();

    [Fact]
    public void PredictedClassIsTheLargestLogitAndConfidenceItsSoftmaxProbability()
    {
        using var logits = tensor(new float[,] { { 0, 0, 0 }, { 2, 0, 0 }, { 0, 0, 1 }, { 0, 3, 1 } });
        using var targets = tensor(new long[] { 0, 0, 2, 2 });

        var predictions = Predictions.Of(Identity(), logits, targets, batchSize: 3);   // two batches: 3 + 1

        Assert.Equal(new long[] { 0, 0, 2, 1 }, predictions.Predicted);
        // Softmax by hand: ties pick the first index; e²/(e² + 2), e/(e + 2), e³/(e³ + e + 1).
        double[] expected = [1.0 / 3, Math.Exp(2) / (Math.Exp(2) + 2), Math.E / (Math.E + 2), Math.Exp(3) / (Math.Exp(3) + Math.E + 1)];
        Assert.All(expected.Zip(predictions.Confidence), pair => Assert.Equal(pair.First, pair.Second, 1e-6));
        Assert.Equal(0.75, predictions.Accuracy);
    }

    [Fact]
    public void ConfusionMatrixCountsTrueClassesByRowAndPredictionsByColumn()
    {
        using var logits = tensor(new float[,] { { 5, 0 }, { 0, 5 }, { 0, 5 }, { 0, 5 } });
        using var targets = tensor(new long[] { 0, 0, 1, 1 });

        var matrix = Predictions.Of(Identity(), logits, targets).ConfusionMatrix(2);

        Assert.Equal(new double[,] { { 1, 1 }, { 0, 2 } }, matrix);
    }

    [Fact]
    public void WorstMistakesAreTheWrongPredictionsMostConfidentFirst()
    {
        // Sample 0 right; 1 wrong (confidence e/(e+1)); 2 wrong, more confident (e⁴/(e⁴+1)); 3 wrong, least (1/2 tie → class 0).
        using var logits = tensor(new float[,] { { 3, 0 }, { 1, 0 }, { 4, 0 }, { 0, 0 } });
        using var targets = tensor(new long[] { 0, 1, 1, 1 });

        var predictions = Predictions.Of(Identity(), logits, targets);

        Assert.Equal([2, 1, 3], predictions.WorstMistakes(5));
        Assert.Equal([2], predictions.WorstMistakes(1));
    }

    [Fact]
    public void TheModelIsEvaluatedInEvaluationModeAndLeftInItsMode()
    {
        using var dropout = nn.Dropout(0.9);
        dropout.train();
        using var logits = tensor(new float[] { 1, 0 }).expand(64, 2).contiguous();
        using var targets = zeros(64, dtype: int64);

        var predictions = Predictions.Of(dropout, logits, targets);

        // In training mode, dropout would zero most rows (confidence 1/2) and scale the rest by 10.
        Assert.All(predictions.Confidence, c => Assert.Equal(Math.E / (Math.E + 1), c, 1e-6));
        Assert.True(dropout.training);
    }

    [Fact]
    public void MismatchedInputsAndTargetsAreRejected()
    {
        using var logits = zeros(3, 2);
        using var targets = zeros(2, dtype: int64);

        Assert.Throws<ArgumentException>(() => Predictions.Of(Identity(), logits, targets));
    }
}
