using System.Text.Json;

namespace DeepArch.Tests.Cli;

public sealed class DatasetsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deeparch-cli-data-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ListShowsRealAndSyntheticSetsAndWhatTheRootHolds()
    {
        var mnist = Directory.CreateDirectory(Path.Combine(_root, "mnist")).FullName;
        foreach (var name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllBytes(Path.Combine(mnist, name), [0, 0, 8, 1]);

        var result = Cli.Run("datasets", "list", "--json", "--data-root", _root);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("real", rows["mnist"].GetProperty("kind").GetString());
        Assert.True(rows["mnist"].GetProperty("cached").GetBoolean());
        Assert.False(rows["cifar-10"].GetProperty("cached").GetBoolean());
        Assert.Equal("synthetic", rows["shapes"].GetProperty("kind").GetString());
    }

    [Fact]
    public void FetchingAnUnknownDatasetIsOneLineAndAFailure()
    {
        var result = Cli.Run("datasets", "fetch", "imagenet-22k", "--data-root", _root);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("imagenet-22k", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }
}
