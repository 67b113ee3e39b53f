using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class InputGradientSynthesisTests
{
    // Three classes that look at three different quarters of a 4×4 image.
    private static Tensor Logits(Tensor x)
    {
        var flat = x.reshape(x.shape[0], 16);                          // (B, 16)
        return stack([flat[.., ..4].sum(1), flat[.., 4..8].sum(1), flat[.., 8..12].sum(1)], 1);   // (B, 3)
    }

    [Fact]
    public void EachSynthesisedImageIsClassifiedAsTheClassAskedFor()
    {
        var options = new InputGradientOptions(Steps: 30, Rate: 0.1, Jitter: 0, BlurSigma: 0, BlurEvery: 0, NormPenalty: 0.01);

        using var images = InputGradientSynthesis.Synthesize(Logits, [2, 0, 1], (1, 4, 4), options, seed: 5);

        using var predicted = Logits(images).argmax(1);
        Assert.Equal([2L, 0, 1], predicted.data<long>().ToArray());
    }

    [Fact]
    public void TheNormPenaltyKeepsUselessPixelsDarker()
    {
        var plain = new InputGradientOptions(Steps: 30, Rate: 0.1, Jitter: 0, BlurSigma: 0, BlurEvery: 0, NormPenalty: 0);

        using var without = InputGradientSynthesis.Synthesize(Logits, [0], (1, 4, 4), plain, seed: 5);
        using var with = InputGradientSynthesis.Synthesize(Logits, [0], (1, 4, 4), plain with { NormPenalty = 1 }, seed: 5);

        // Pixels 12…15 matter to no class: the penalty's gradient alone moves them, towards 0.
        var unused = (Func<Tensor, float>)(t => t.reshape(16)[12..].sum().item<float>());
        Assert.True(unused(with) < unused(without), $"with penalty {unused(with)}, without {unused(without)}");
    }

    [Fact]
    public void BlurringSmoothsTheImage()
    {
        using var checker = tensor(new float[] { 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0 }, [1, 1, 4, 4]);

        using var blurred = InputGradientSynthesis.GaussianBlur(checker, 1.0);

        Assert.True(blurred.std().item<float>() < 0.5f * checker.std().item<float>());
    }
}
