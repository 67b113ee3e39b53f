using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class AdversarialTests
{
    // A linear two-class model: logits (w·x, −w·x). For label 0 the loss rises fastest along −w, so FGSM moves each
    // pixel by −ε·sign(w_i) (Goodfellow et al. eq. 3), then clips to [0, 1].
    private static readonly float[] Weights = [1, -1, 2, -0.5f];

    private static Tensor Logits(Tensor x)
    {
        using var w = tensor(Weights).to(x.dtype);
        var score = x.reshape(x.shape[0], -1).matmul(w).unsqueeze(1);   // (B, 1)
        return cat([score, score.neg()], 1);                            // (B, 2)
    }

    [Fact]
    public void FgsmMovesEveryPixelByEpsilonAgainstTheTrueClass()
    {
        using var x = tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, [1, 1, 2, 2]);
        using var label = tensor(new long[] { 0 });

        var result = Adversarial.Fgsm(Logits, x, label, epsilon: 0.1);

        Assert.Equal(new[] { 0.4f, 0.6f, 0.4f, 0.6f }, result.Images.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
        Assert.Equal(0.1, result.MaxChange, 5);
    }

    [Fact]
    public void ProjectedStepsStayWithinEpsilonAndInsideThePixelRange()
    {
        using var x = tensor(new float[] { 0.95f, 0.02f, 0.5f, 0.5f }, [1, 1, 2, 2]);
        using var label = tensor(new long[] { 0 });

        var result = Adversarial.ProjectedGradient(Logits, x, label, epsilon: 0.08, steps: 5);

        using var change = (result.Images - x).abs();
        Assert.True(change.max().item<float>() <= 0.08f + 1e-6f);
        Assert.True(result.Images.min().item<float>() >= 0 && result.Images.max().item<float>() <= 1);
    }

    [Fact]
    public void AnEpsilonLargerThanTheMarginFlipsThePrediction()
    {
        // Margin: w·x = 0.5 − 0.5 + 1 − 0.25 = 0.75; FGSM lowers it by ε·‖w‖₁ = 0.2 · 4.5 = 0.9 > 0.75.
        using var x = tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, [1, 1, 2, 2]);
        using var label = tensor(new long[] { 0 });

        var result = Adversarial.Fgsm(Logits, x, label, epsilon: 0.2);

        Assert.Equal([0L], result.Before);
        Assert.Equal([1L], result.After);
        Assert.Equal(1.0, result.FlipRate);
    }
}
