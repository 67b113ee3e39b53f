using DeepArch.Training.Recipes;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class GenerativeRecipeTests
{
    [Theory]
    [InlineData("pixelrnn-mnist", "bits_per_dim", null)]
    [InlineData("rbm-mnist", "reconstruction_error", 5)]
    public void ASyntheticRunReportsItsTestMetricAndDrawsImagesInTheUnitRange(string name, string metric, int? gibbsSteps)
    {
        var recipe = RecipeCatalog.Find(name);
        using var prepared = recipe.Prepare(new RecipeOptions { SyntheticSamples = 16, BatchSize = 8, Epochs = 1, Device = "cpu" });

        var result = prepared.Train();
        using var samples = ((IImageGenerator)recipe).Generate(prepared.Model, new SampleRequest { Count = 3, Seed = 1, Steps = gibbsSteps });

        Assert.Equal(metric, recipe.TestMetric);
        Assert.True(double.IsFinite(result.Test[metric]) && result.Test[metric] > 0);
        Assert.Equal([3L, 1, 28, 28], samples.shape);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
    }

    [Theory]
    [InlineData("pixelrnn-mnist")]
    [InlineData("rbm-mnist")]
    public void AskingAnUnconditionalRecipeForAClassIsAnError(string name)
    {
        var recipe = RecipeCatalog.Find(name);
        using var model = recipe.CreateModel();

        var error = Assert.Throws<ArgumentException>(() => ((IImageGenerator)recipe).Generate(model, new SampleRequest { Count = 1, Class = 3 }));

        Assert.Contains("unconditional", error.Message);
        Assert.Contains("--class does not apply", error.Message);
    }

    [Fact]
    public void PixelRnnHasNoGibbsStepsToTake()
    {
        var recipe = RecipeCatalog.Find("pixelrnn-mnist");
        using var model = recipe.CreateModel();

        var error = Assert.Throws<ArgumentException>(() => ((IImageGenerator)recipe).Generate(model, new SampleRequest { Count = 1, Steps = 5 }));

        Assert.Contains("--steps does not apply", error.Message);
    }
}
