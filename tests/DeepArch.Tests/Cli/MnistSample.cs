namespace DeepArch.Tests.Cli;

/// <summary>
/// The 4,000 + 1,000 image MNIST sample some machines carry beside the checkout (<c>../shared/datasets/mnist-sample</c>)
/// or at <c>/work/shared/datasets/mnist-sample</c>; a data root holding <c>mnist/</c>.
/// </summary>
internal static class MnistSample
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        var candidates = new List<string> { "/work/shared/datasets/mnist-sample" };
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "DeepArch.Notebooks.sln")))
            {
                candidates.Insert(0, Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "datasets", "mnist-sample")));
                break;
            }
        return candidates.FirstOrDefault(root => Directory.Exists(Path.Combine(root, "mnist")));
    }
}

/// <summary>A fact that runs only where <see cref="MnistSample"/> exists.</summary>
internal sealed class MnistSampleFactAttribute : FactAttribute
{
    public MnistSampleFactAttribute()
    {
        if (MnistSample.Root is null)
            Skip = "the MNIST sample (../shared/datasets/mnist-sample) is not on this machine";
    }
}
