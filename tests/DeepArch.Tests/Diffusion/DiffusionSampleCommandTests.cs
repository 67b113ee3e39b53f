using DeepArch.Generation;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using CliRunner = DeepArch.Tests.Cli.Cli;

namespace DeepArch.Tests.Diffusion;

public sealed class DiffusionSampleCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-ddpm-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>An untrained checkpoint: sampling needs weights of the right shapes, not good ones.</summary>
    private string Checkpoint(string recipe)
    {
        var path = Path.Combine(_out, recipe + ".ckpt");
        using var model = RecipeCatalog.Find(recipe).CreateModel();
        DeepArch.Training.Checkpoint.Save(model, path, epoch: 1, recipe: recipe);
        return path;
    }

    [Fact]
    public void ACaptionWithGuidanceDrawsColourImages()
    {
        var idx = Path.Combine(_out, "shapes.idx");

        var result = CliRunner.Run("sample", "ddpm-shapes", "--checkpoint", Checkpoint("ddpm-shapes"), "--sampler", "ddim", "--steps", "3",
            "--caption", "cercle rouge", "--guidance", "3", "--count", "2", "--out", idx);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2 samples [2, 3, 28, 28]", result.Stdout);
    }

    [Fact]
    public void AClassOfTheMnistModelDrawsDigitsShapedImages()
    {
        var idx = Path.Combine(_out, "digits.idx");

        var result = CliRunner.Run("sample", "ddpm-mnist", "--checkpoint", Checkpoint("ddpm-mnist"), "--steps", "2", "--class", "7", "--count", "3", "--out", idx);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pixels = SampleFiles.Load(idx);
        Assert.Equal(new long[] { 3, 28, 28 }, pixels.shape);
    }

    [Fact]
    public void AnUnknownCaptionWordIsOneLineAndAFailure()
    {
        var result = CliRunner.Run("sample", "ddpm-shapes", "--checkpoint", Checkpoint("ddpm-shapes"), "--caption", "pomme rouge", "--steps", "2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pomme", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
