using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Training.Recipes;

public sealed class PreparedRecipeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deeparch-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AResumedRunFollowsTheSameLearningRateScheduleAsAnUninterruptedOne()
    {
        var uninterrupted = Run(epochs: 3, checkpoint: "whole.ckpt", resume: false);
        Run(epochs: 1, checkpoint: "split.ckpt", resume: false);

        var resumed = Run(epochs: 3, checkpoint: "split.ckpt", resume: true);

        Assert.Equal((1, 3), (resumed.StartEpoch, resumed.Epochs));
        Assert.Equal(uninterrupted.History.Epochs.Skip(1).Select(e => e.LearningRate), resumed.History.Epochs.Select(e => e.LearningRate));
        // PyTorch's one-cycle over 6 steps (2 per epoch): warm-up ends at step 0.3·6 − 1 = 0.8, then a cosine from
        // max_lr = 4e-3 down to max_lr / (25 · 1e4) at step 5; after epoch 2 (step 4) it is at pct = (4 − 0.8) / 4.2.
        const double maxLr = 4e-3, minLr = maxLr / 25 / 1e4;
        var pct = (4 - 0.8) / (5 - 0.8);
        Assert.Equal(minLr + (maxLr - minLr) / 2 * (1 + Math.Cos(Math.PI * pct)), resumed.History.Epochs[0].LearningRate, 9);
    }

    [Fact]
    public void TheCheckpointRecordsTheTrainingSecondsOfEveryRunThatWroteIt()
    {
        var first = Run(epochs: 1, checkpoint: "timed.ckpt", resume: false);
        var afterOne = Checkpoint.Inspect(Path.Combine(_folder, "timed.ckpt")).Metrics[PreparedRecipe.TrainingSecondsMetric];

        var second = Run(epochs: 2, checkpoint: "timed.ckpt", resume: true);
        var afterTwo = Checkpoint.Inspect(Path.Combine(_folder, "timed.ckpt")).Metrics[PreparedRecipe.TrainingSecondsMetric];

        Assert.Equal(first.History.Epochs.Sum(e => e.Duration.TotalSeconds), afterOne, 9);
        Assert.Equal(afterOne + second.History.Epochs.Sum(e => e.Duration.TotalSeconds), afterTwo, 9);
    }

    [Fact]
    public void ACheckpointFromAnotherRecipeIsNotResumed()
    {
        Run(epochs: 1, checkpoint: "other.ckpt", resume: false);
        using var prepared = RecipeCatalog.Find("resnet-cifar10").Prepare(Options(2, "other.ckpt", resume: true));

        var error = Assert.Throws<CheckpointException>(() => prepared.Train());

        Assert.Contains("lenet5-mnist", error.Message);
    }

    [Fact]
    public void FindingIsCaseInsensitiveAndAnUnknownNameListsTheRecipes()
    {
        Assert.Equal("unet-shapes", RecipeCatalog.Find("UNet-Shapes").Name);
        var error = Assert.Throws<ArgumentException>(() => RecipeCatalog.Find("alexnet-imagenet"));
        Assert.Contains("lenet5-mnist, resnet-cifar10, unet-shapes", error.Message);
    }

    private RecipeResult Run(int epochs, string checkpoint, bool resume)
    {
        using var prepared = RecipeCatalog.Find("lenet5-mnist").Prepare(Options(epochs, checkpoint, resume));
        return prepared.Train();
    }

    private RecipeOptions Options(int epochs, string checkpoint, bool resume) => new()
    {
        SyntheticSamples = 16, BatchSize = 8, Epochs = epochs, LearningRate = 4e-3, Device = "cpu",
        CheckpointPath = Path.Combine(_folder, checkpoint), Resume = resume,
    };
}
