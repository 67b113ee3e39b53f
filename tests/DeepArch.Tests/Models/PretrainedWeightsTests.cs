using System.Text.RegularExpressions;
using DeepArch.Models;
using DeepArch.Tests.Data;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

public sealed class PretrainedWeightsTests
{
    [Fact]
    public void EveryFilesSha256StartsWithTheHashInTorchvisionsFileName()
    {
        // torch.hub's own check: the 8 hex digits after the last '-' are the SHA-256's first 8.
        Assert.All(PretrainedWeights.All, entry =>
        {
            var prefix = Regex.Match(entry.FileName, @"-([0-9a-f]{8})\.pth$").Groups[1].Value;
            Assert.StartsWith(prefix, entry.Remote.Files[0].Sha256);
        });
    }

    [Fact]
    public void MissingWeightsWithoutDownloadSayHowToFetchThem()
    {
        using var root = new TemporaryFolder();

        var error = Assert.Throws<FileNotFoundException>(() => PretrainedWeights.LoadResNet50(root.Path));

        Assert.Contains("deeparch datasets fetch resnet50-imagenet", error.Message);
        Assert.Empty(root.Files());
    }

    [Fact]
    public void TopKListsTheMostProbableClassesFirstWithTheirSoftmaxProbabilities()
    {
        // logits (0, ln 2, ln 4, 0): softmax (1, 2, 4, 1) / 8.
        using var logits = tensor(new float[] { 0, MathF.Log(2), MathF.Log(4), 0 }, [1, 4]);

        var top = PretrainedWeights.TopK(logits, 2);

        Assert.Equal([2, 1], top.Select(t => t.Class));
        Assert.Equal(0.5, top[0].Probability, 6);
        Assert.Equal(0.25, top[1].Probability, 6);
    }
}

public sealed class PretrainedClassNamesTests
{
    [Fact]
    public void IndexedLinesAfterAHeaderGiveTheNamesInClassOrderWithSpaces()
    {
        string[] lines = ["List of ImageNet classes", "", .. Enumerable.Range(0, 1000).Reverse().Select(i => $"{i}, name_{i}")];

        var names = PretrainedClassNames.Parse(lines);

        Assert.NotNull(names);
        Assert.Equal("name 0", names[0]);
        Assert.Equal("name 258", names[258]);
    }

    [Fact]
    public void AListWithoutAThousandClassesIsNotUsed()
    {
        Assert.Null(PretrainedClassNames.Parse(Enumerable.Range(0, 10).Select(i => $"{i}, c{i}")));
        Assert.Equal("classe 7", PretrainedClassNames.Describe(null, 7));
    }

    [Fact]
    public void TheShippedListHasAThousandDistinctNamesInImageNetOrder()
    {
        var names = PretrainedClassNames.Shipped;

        Assert.Equal(1000, names.Count);
        Assert.Equal(1000, names.Distinct().Count());
        // Indices known from the ImageNet challenge's class order (the lecture's slide: Samoyed, papillon).
        Assert.Equal("tench", names[0]);
        Assert.Equal("papillon", names[157]);
        Assert.Equal("Samoyed", names[258]);
        Assert.Equal("toilet tissue", names[999]);
    }

    [Fact]
    public void WithoutAListInTheDataRootTheShippedOneIsUsed()
    {
        var root = Directory.CreateTempSubdirectory("deeparch-names-").FullName;
        try
        {
            Assert.Same(PretrainedClassNames.Shipped, PretrainedClassNames.TryLoad(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
