using DeepArch.Generation;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using SkiaSharp;

namespace DeepArch.Tests.Cli;

public sealed class SampleCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeparch-sample-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>A vae-mnist checkpoint of an untrained model: sampling needs weights of the right shapes, not good ones.</summary>
    private string VaeCheckpoint()
    {
        var path = Path.Combine(_out, "vae-mnist.ckpt");
        using var model = RecipeCatalog.Find("vae-mnist").CreateModel();
        Checkpoint.Save(model, path, epoch: 1, recipe: "vae-mnist");
        return path;
    }

    [Fact]
    public void TheIdxFileDecodesToThePixelsOfThePngGrid()
    {
        var idx = Path.Combine(_out, "samples.idx");

        var result = Cli.Run("sample", "vae-mnist", "--checkpoint", VaeCheckpoint(), "--count", "6", "--seed", "3", "--out", idx);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pixels = SampleFiles.Load(idx);
        Assert.Equal(new long[] { 6, 28, 28 }, pixels.shape);
        var values = pixels.data<byte>().ToArray();
        using var grid = SKBitmap.Decode(Path.ChangeExtension(idx, ".png"));
        // 6 images in ⌈√6⌉ = 3 columns, 2 pixels of padding around and between tiles (ImageGrid's layout).
        Assert.Equal((3 * 28 + 4 * 2, 2 * 28 + 3 * 2), (grid.Width, grid.Height));
        for (var n = 0; n < 6; n++)
            for (var y = 0; y < 28; y++)
                for (var x = 0; x < 28; x++)
                {
                    var pixel = grid.GetPixel(2 + n % 3 * 30 + x, 2 + n / 3 * 30 + y);
                    Assert.Equal(values[n * 784 + y * 28 + x], pixel.Red);
                }
    }

    [Fact]
    public void TheSameSeedDrawsTheSameImages()
    {
        var checkpoint = VaeCheckpoint();
        string[] common = ["sample", "vae-mnist", "--checkpoint", checkpoint, "--count", "4", "--seed", "9", "--out"];

        Assert.Equal(0, Cli.Run([.. common, Path.Combine(_out, "a.idx")]).ExitCode);
        Assert.Equal(0, Cli.Run([.. common, Path.Combine(_out, "b.idx")]).ExitCode);

        Assert.Equal(File.ReadAllBytes(Path.Combine(_out, "a.idx")), File.ReadAllBytes(Path.Combine(_out, "b.idx")));
    }

    [Fact]
    public void ANonGenerativeRecipeIsOneLineAndAFailure()
    {
        var result = Cli.Run("sample", "lenet5-mnist");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("lenet5-mnist does not generate", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void AMissingCheckpointIsOneLineNamingTheTrainCommand()
    {
        var result = Cli.Run("sample", "vae-mnist", "--checkpoint", Path.Combine(_out, "none.ckpt"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("deeparch train vae-mnist", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void ACheckpointOfAnotherRecipeIsRefused()
    {
        var path = Path.Combine(_out, "ae.ckpt");
        using (var model = RecipeCatalog.Find("ae-mnist").CreateModel())
            Checkpoint.Save(model, path, epoch: 1, recipe: "ae-mnist");

        var result = Cli.Run("sample", "vae-mnist", "--checkpoint", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("written by ae-mnist, not by vae-mnist", result.Stderr);
    }

    [Theory]
    [InlineData("--class", "3")]
    [InlineData("--eta", "1")]
    public void AnOptionTheRecipeCannotHonourIsRefusedByName(string option, string value)
    {
        var result = Cli.Run("sample", "vae-mnist", "--checkpoint", VaeCheckpoint(), option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{option} does not apply", result.Stderr);
    }

    [Fact]
    public void ACountBelowOneIsRefused()
    {
        var result = Cli.Run("sample", "vae-mnist", "--checkpoint", VaeCheckpoint(), "--count", "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--count must be at least 1", result.Stderr);
    }
}
