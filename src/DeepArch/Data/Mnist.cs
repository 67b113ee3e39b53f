namespace DeepArch.Data;

/// <summary>
/// MNIST handwritten digits (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test images, 28×28 gray.
/// Files go in <c>{root}/mnist/</c>; see <see cref="DataRoot"/> and <c>datasets/README.md</c>.
/// </summary>
public static class Mnist
{
    private static readonly string[] Mirrors =
    [
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ];

    /// <summary>The digits as class names, "0" to "9".</summary>
    public static IReadOnlyList<string> Classes { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The published files, their checksums and mirrors.</summary>
    public static RemoteDataset Remote { get; } = new("mnist", "mnist",
    [
        Published("train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        Published("train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        Published("t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        Published("t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ]);

    /// <summary>
    /// Loads the training and test splits from <c>{root}/mnist/</c> (gzip or raw IDX files, any number of images),
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
