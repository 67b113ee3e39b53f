using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Tests.Data;
using DeepArch.Training.Recipes;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class DcganRecipeTests
{
    [Theory]
    [InlineData("dcgan-mnist")]
    [InlineData("cgan-mnist")]
    public void ASyntheticRunReportsTheYardstickAndBothLossesAndDrawsImagesInTheUnitRange(string name)
    {
        var recipe = RecipeCatalog.Find(name);
        using var prepared = recipe.Prepare(new RecipeOptions { SyntheticSamples = 16, BatchSize = 8, Epochs = 1, Device = "cpu" });

        var result = prepared.Train();
        using var samples = ((IImageGenerator)recipe).Generate(prepared.Model, new SampleRequest { Count = 3, Seed = 1 });

        Assert.True(double.IsFinite(result.Test[GanLearner.LossD]) && double.IsFinite(result.Test[GanLearner.LossG]));
        Assert.Equal(ImageGeneratorRecipe.YardstickSamples, result.Figures["yardstick_samples"]);
        Assert.InRange(result.Figures["yardstick_confident_share"], 0, 1);
        Assert.DoesNotContain("test_loss_nats", result.Figures.Keys);
        Assert.Equal([3L, 1, 28, 28], samples.shape);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
    }

    [Fact]
    public void TheConditionalRecipeDrawsTheRequestedClassFromItsOwnLabel()
    {
        var recipe = (IImageGenerator)RecipeCatalog.Find("cgan-mnist");
        using var model = RecipeCatalog.Find("cgan-mnist").CreateModel();

        using var sevens = recipe.Generate(model, new SampleRequest { Count = 2, Seed = 5, Class = 7 });
        using var threes = recipe.Generate(model, new SampleRequest { Count = 2, Seed = 5, Class = 3 });

        Assert.Equal([2L, 1, 28, 28], sevens.shape);
        Assert.True((sevens - threes).abs().max().item<float>() > 1e-4);   // same z, another label: another image
    }

    [Fact]
    public void TheConditionalRecipeRefusesAClassItDoesNotKnow()
    {
        var recipe = (IImageGenerator)RecipeCatalog.Find("cgan-mnist");
        using var model = RecipeCatalog.Find("cgan-mnist").CreateModel();

        var error = Assert.Throws<ArgumentException>(() => recipe.Generate(model, new SampleRequest { Count = 1, Class = 10 }));

        Assert.Contains("classes 0 to 9", error.Message);
    }

    [Fact]
    public void TheUnconditionalRecipeRefusesAClass()
    {
        var recipe = (IImageGenerator)RecipeCatalog.Find("dcgan-mnist");
        using var model = RecipeCatalog.Find("dcgan-mnist").CreateModel();

        var error = Assert.Throws<ArgumentException>(() => recipe.Generate(model, new SampleRequest { Count = 1, Class = 7 }));

        Assert.Contains("unconditional", error.Message);
    }

    [Fact]
    public void TheUnconditionalRecipeDrawsFromTheAveragedGenerator()
    {
        var recipe = (IImageGenerator)RecipeCatalog.Find("dcgan-mnist");
        using var model = RecipeCatalog.Find("dcgan-mnist").CreateModel();
        using var before = recipe.Generate(model, new SampleRequest { Count = 4, Seed = 5 });

        using (no_grad())
            foreach (var parameter in ((Dcgan)model).GeneratorParameters())
                parameter.add_(0.5);                                          // the trained generator moves, its average does not
        using var after = recipe.Generate(model, new SampleRequest { Count = 4, Seed = 5 });

        Assert.True(((Dcgan)model).HasAverage);
        Assert.Equal(0, (after - before).abs().max().item<float>());
    }

    [Fact]
    public void ADivergingRunStopsWithAClearMessageAndWritesNoCheckpoint()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = folder.Combine("dcgan-mnist.ckpt");
        // Adam's steps are about the learning rate: at 1e30 the weights overflow within a step or two.
        using var prepared = RecipeCatalog.Find("dcgan-mnist").Prepare(new RecipeOptions
        {
            SyntheticSamples = 16, BatchSize = 8, Epochs = 1, LearningRate = 1e30, Device = "cpu", CheckpointPath = checkpoint,
        });

        var error = Assert.Throws<GanDivergedException>(() => prepared.Train());

        Assert.Contains("diverged", error.Message);
        Assert.False(File.Exists(checkpoint));
    }
}
