using DeepArch.Data;
using TorchSharp;

namespace DeepArch.Tests.Data;

/// <summary>
/// Reads the real MNIST subset kept next to the checkout on CI machines (<c>../shared/datasets/mnist-sample</c>: a
/// data root holding 4,000 training and 1,000 test digits in the published gzip IDX files). Skipped where it is absent.
/// </summary>
public sealed class MnistSampleTests
{
    [MnistSampleFact]
    public void TheSampleLoadsWithItsCountsLabelsAndPixelStatistics()
    {
        using var splits = Mnist.Load(MnistSampleFactAttribute.Root, download: false);

        Assert.Equal(4000, splits.Train.Count);
        Assert.Equal(1000, splits.Test.Count);
        Assert.Equal([4000L, 1, 28, 28], splits.Train.Pixels.shape);
        foreach (var split in new[] { splits.Train, splits.Test })
        {
            // Every digit occurs, roughly a tenth of the time each.
            var counts = split.Labels.bincount(null).data<long>().ToArray();
            Assert.Equal(10, counts.Length);
            Assert.All(counts, count => Assert.InRange(count, split.Count / 20, split.Count / 5));
        }
        // MNIST is mostly black background: a mean near 0.13 and a standard deviation near 0.31 on the [0, 1] scale,
        // with pure black and pure white both present.
        Assert.InRange(splits.Train.Mean[0], 0.11f, 0.15f);
        Assert.InRange(splits.Train.Std[0], 0.28f, 0.34f);
        Assert.Equal(splits.Train.Mean, splits.Test.Mean);
        Assert.Equal(0, splits.Train.Pixels.min().item<byte>());
        Assert.Equal(255, splits.Train.Pixels.max().item<byte>());
        // Digits are centred: the 4-pixel border is almost always blank.
        using var border = splits.Train.Pixels.to_type(torch.ScalarType.Float32).narrow(3, 0, 4).mean();
        Assert.True(border.item<float>() < 1f, $"mean border intensity {border.item<float>()}");
    }
}

/// <summary>A fact that runs only where the MNIST sample exists.</summary>
internal sealed class MnistSampleFactAttribute : FactAttribute
{
    public static string Root { get; } = Locate();

    public MnistSampleFactAttribute()
    {
        if (!File.Exists(Path.Combine(Root, "mnist", "train-images-idx3-ubyte.gz")))
            Skip = $"The MNIST sample is not at {Root} (it exists on CI machines only).";
    }

    private static string Locate()
    {
        // The checkout is the folder holding the solution, found upwards from the test binaries.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, DataRoot.SolutionFileName)))
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "datasets", "mnist-sample"));
        return Path.GetFullPath("mnist-sample-not-found");
    }
}
