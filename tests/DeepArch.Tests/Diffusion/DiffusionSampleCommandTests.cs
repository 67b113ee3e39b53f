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
    public void EtaMakesDdimDrawDifferentImagesFromTheSameSeed()
    {
        var checkpoint = Checkpoint("ddpm-shapes");
        string Draw(string eta)
        {
            var idx = Path.Combine(_out, $"eta{eta}.idx");
            var result = CliRunner.Run("sample", "ddpm-shapes", "--checkpoint", checkpoint, "--steps", "3", "--eta", eta,
                "--caption", "carré vert", "--count", "2", "--seed", "5", "--out", idx);
            Assert.True(result.ExitCode == 0, result.Stderr);
            return idx;
        }

        byte[] Pixels(string idx)
        {
            using var pixels = SampleFiles.Load(idx);
            return pixels.data<byte>().ToArray();
        }

        var deterministic = Pixels(Draw("0"));

        Assert.Equal(deterministic, Pixels(Draw("0")));
        Assert.NotEqual(deterministic, Pixels(Draw("1")));
    }

    [Theory]
    [InlineData("ddim", "1.5", "--eta must lie between 0 and 1")]
    [InlineData("ddpm", "1", "--eta belongs to ddim")]
    public void AnEtaOutOfPlaceIsOneLineAndAFailure(string sampler, string eta, string message)
    {
        var result = CliRunner.Run("sample", "ddpm-shapes", "--checkpoint", Checkpoint("ddpm-shapes"), "--sampler", sampler, "--eta", eta,
            "--caption", "cercle rouge", "--count", "1", "--out", Path.Combine(_out, "refused.idx"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_out, "refused.idx")));
    }

    [Fact]
    public void AnUnknownCaptionWordIsOneLineAndAFailure()
    {
        var result = CliRunner.Run("sample", "ddpm-shapes", "--checkpoint", Checkpoint("ddpm-shapes"), "--caption", "pomme rouge", "--steps", "2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pomme", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void TheSamplingBenchTimesEverySampler()
    {
        // DDPM alone is 1,000 network calls: minutes on a loaded two-core machine.
        var result = CliRunner.RunWithin(TimeSpan.FromMinutes(5), "bench", "sampling", "--recipe", "ddpm-mnist", "--count", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.GetProperty("samplers").EnumerateArray().ToList();
        Assert.Equal(["DDIM 10", "DDIM 20", "DDIM 50", "DDIM 100", "DDPM"], rows.Select(r => r.GetProperty("sampler").GetString()));
        Assert.Equal(1000, rows[^1].GetProperty("steps").GetInt32());
        // Shares and speeds are timings (the bench's figures, not this test's): only their ranges are checked here.
        Assert.All(rows, r => Assert.InRange(r.GetProperty("network_share").GetDouble(), 0, 1));
        Assert.True(json.RootElement.GetProperty("ddim50_speedup_over_ddpm").GetDouble() > 0);
    }

    [Fact]
    public void TheSamplingBenchRefusesARecipeThatIsNotADiffusionModel()
    {
        var result = CliRunner.Run("bench", "sampling", "--recipe", "lenet5-mnist");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a diffusion recipe", result.Stderr);
    }
}
