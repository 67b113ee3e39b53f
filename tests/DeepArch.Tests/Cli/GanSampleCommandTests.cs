using DeepArch.Generation;
using DeepArch.Training;
using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Cli;

public sealed class GanSampleCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-gan-sample-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>A checkpoint of an untrained model: sampling needs weights of the right shapes, not good ones.</summary>
    private string UntrainedCheckpoint(string recipe)
    {
        var path = Path.Combine(_out, recipe + ".ckpt");
        using var model = RecipeCatalog.Find(recipe).CreateModel();
        Checkpoint.Save(model, path, epoch: 1, recipe: recipe);
        return path;
    }

    [Fact]
    public void AConditionalGanDrawsTheClassAskedForAsDigitsOfMnistsShape()
    {
        var idx = Path.Combine(_out, "sevens.idx");

        var result = Cli.Run("sample", "cgan-mnist", "--checkpoint", UntrainedCheckpoint("cgan-mnist"), "--class", "7",
            "--count", "5", "--out", idx);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pixels = SampleFiles.Load(idx);
        Assert.Equal([5L, 28, 28], pixels.shape);
    }

    [Fact]
    public void AClassOutOfRangeIsOneLineAndAFailure()
    {
        var result = Cli.Run("sample", "cgan-mnist", "--checkpoint", UntrainedCheckpoint("cgan-mnist"), "--class", "12");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("classes 0 to 9", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Pix2PixTranslatesFreshSilhouettesIntoColourImages()
    {
        var idx = Path.Combine(_out, "pix.idx");

        var result = Cli.Run("sample", "pix2pix-shapes", "--checkpoint", UntrainedCheckpoint("pix2pix-shapes"), "--count", "3", "--out", idx);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pixels = SampleFiles.Load(idx);
        Assert.Equal([3L, 3, 32, 32], pixels.shape);
    }
}
