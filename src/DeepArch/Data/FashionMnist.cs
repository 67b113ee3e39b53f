namespace DeepArch.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, Zalando Research): 60,000 training and 10,000 test images of clothing,
/// 28×28 gray, ten classes, a drop-in replacement for MNIST that is harder. Files go in <c>{root}/fashion-mnist/</c>.
/// </summary>
public static class FashionMnist
{
    private static readonly string[] Mirrors =
    [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ];

    /// <summary>
    /// Class names in French, in label order (the published English names: T-shirt/top, Trouser, Pullover, Dress,
    /// Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).
    /// </summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt", "pantalon", "pull", "robe", "manteau", "sandale", "chemise", "basket", "sac", "bottine"];

    /// <summary>The published files, their checksums and mirrors.</summary>
    public static RemoteDataset Remote { get; } = new("fashion-mnist", "fashion-mnist",
    [
        Published("train-images-idx3-ubyte.gz", 26421880, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        Published("train-labels-idx1-ubyte.gz", 29515, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        Published("t10k-images-idx3-ubyte.gz", 4422102, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        Published("t10k-labels-idx1-ubyte.gz", 5148, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ]);

    /// <summary>
    /// Loads the training and test splits from <c>{root}/fashion-mnist/</c> (same file names and format as MNIST),
    /// downloading the published files first when they are missing and <paramref name="download"/> allows.
    /// </summary>
    /// <param name="root">The data root; <c>null</c> for the default (see <see cref="DataRoot"/>).</param>
    /// <param name="download">Download missing files (with a progress bar on standard error).</param>
    /// <exception cref="FileNotFoundException">Files are missing and <paramref name="download"/> is false.</exception>
    /// <exception cref="DatasetDownloadException">Files are missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is damaged.</exception>
    public static ImageSplits Load(string? root = null, bool download = true) =>
        IdxImages.Load(Remote.Ensure(root, download), Classes);

    private static RemoteFile Published(string name, long size, string sha256) =>
        new(name, size, sha256, Mirrors.Select(mirror => new Uri(mirror + name)).ToArray());
}
