using DeepArch.Diffusion;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Diffusion;

public sealed class DiffusionRecipeTests
{
    [Theory]
    [InlineData("ddpm-mnist", 1)]
    [InlineData("ddpm-shapes", 3)]
    public void ASyntheticRunReportsTheYardstickAndDrawsImagesInTheUnitRange(string name, long channels)
    {
        var recipe = RecipeCatalog.Find(name);
        using var prepared = recipe.Prepare(new RecipeOptions { SyntheticSamples = 16, BatchSize = 8, Epochs = 1, Device = "cpu" });

        var result = prepared.Train();
        using var samples = ((IImageGenerator)recipe).Generate(prepared.Model, new SampleRequest { Count = 2, Seed = 1, Steps = 3 });

        Assert.True(double.IsFinite(result.FinalTrainLoss) && result.FinalTrainLoss > 0);
        Assert.Equal(32, result.Figures["yardstick_samples"]);
        Assert.Equal([2L, channels, 28, 28], samples.shape);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
    }

    [Fact]
    public void TheShapesRecipeReportsHowOftenSamplesMatchTheirCaption()
    {
        var recipe = RecipeCatalog.Find("ddpm-shapes");
        using var prepared = recipe.Prepare(new RecipeOptions { SyntheticSamples = 16, BatchSize = 8, Epochs = 1, Device = "cpu" });

        var figures = prepared.Train().Figures;

        Assert.InRange(figures["caption_match_share"], 0, 1);
        Assert.InRange(figures["caption_match_share_w0"], 0, 1);
    }

    [Theory]
    [InlineData("ddpm-mnist", 1.0)]
    [InlineData("ddpm-shapes", 0.0)]
    public void TheDefaultSamplerIsDdim50WithTheRecipesEta(string name, double eta)
    {
        var recipe = (DiffusionRecipe)RecipeCatalog.Find(name);
        var schedule = NoiseSchedule.Cosine(1000);

        var sampler = Assert.IsType<DdimSampler>(recipe.Sampler(schedule, new SampleRequest()));
        var chosen = Assert.IsType<DdimSampler>(recipe.Sampler(schedule, new SampleRequest { Eta = 0.5 }));

        Assert.Equal(50, sampler.Timesteps.Count);
        Assert.Equal(eta, sampler.Eta);
        Assert.Equal(0.5, chosen.Eta);
    }

    [Theory]
    [InlineData("ddpm-mnist", "ddpm", 7, "all T = 1000 steps")]
    [InlineData("ddpm-mnist", "euler", null, "Unknown sampler")]
    [InlineData("ddpm-shapes", "ddim", 1001, "between 1 and T = 1000")]
    public void AStepCountTheSamplerCannotTakeIsRefused(string name, string sampler, int? steps, string message)
    {
        var recipe = RecipeCatalog.Find(name);
        using var model = recipe.CreateModel();

        var error = Assert.Throws<ArgumentException>(() =>
            ((IImageGenerator)recipe).Generate(model, new SampleRequest { Count = 1, Sampler = sampler, Steps = steps }));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void GuidanceWithoutAConditionIsRefused()
    {
        var recipe = RecipeCatalog.Find("ddpm-mnist");
        using var model = recipe.CreateModel();

        var error = Assert.Throws<ArgumentException>(() =>
            ((IImageGenerator)recipe).Generate(model, new SampleRequest { Count = 1, Guidance = 3, Steps = 2 }));

        Assert.Contains("--class", error.Message);
    }
}
