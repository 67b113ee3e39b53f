using DeepArch.Diffusion;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Diffusion;

public sealed class DiffusionLearnerTests
{
    private static DiffusionModel CaptionModel() => new(new DiffusionConfig(
        new DenoiserConfig(Channels: 3, BaseWidth: 8, ConditionVocabulary: 6), Schedule: "cosine", Steps: 50,
        Condition: DiffusionCondition.Caption));

    /// <summary>Rows of the caption embedding that received a gradient from one training step on <paramref name="tokens"/>.</summary>
    private static long[] TrainedWords(double conditionDropout, long[,] tokens)
    {
        using var model = CaptionModel();
        var learner = new DiffusionLearner(model, conditionDropout);
        using var images = rand(tokens.GetLength(0), 3, 8, 8, generator: new Generator(1));
        using var targets = tensor(tokens);

        var (loss, _) = learner.Forward(new Batch(images, targets));
        loss.backward();

        var grad = model.named_parameters().Single(p => p.name == "denoiser.condition.weight").parameter.grad;
        if (grad is null)
            return [];
        using var rowNorms = grad.abs().sum(1L);                                          // [vocabulary]
        return Enumerable.Range(0, (int)rowNorms.shape[0]).Where(i => rowNorms[i].item<float>() > 0).Select(i => (long)i).ToArray();
    }

    [Fact]
    public void EachImagesCaptionReachesTheDenoiser()
    {
        Assert.Equal([1L, 2, 4, 5], TrainedWords(0, new long[,] { { 1, 4 }, { 2, 5 }, { 1, 5 } }));
    }

    [Fact]
    public void ACaptionDroppedForGuidanceTeachesNoWord()
    {
        Assert.Empty(TrainedWords(1, new long[,] { { 1, 4 }, { 2, 5 } }));
    }
}
