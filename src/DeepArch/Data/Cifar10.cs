using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky, 2009): 50,000 training and 10,000 test colour images, 32×32, ten classes. The published
/// binary archive is extracted into <c>{root}/cifar-10-batches-bin/</c> (<c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>,
/// <c>test_batch.bin</c>); each record is one label byte then 3,072 pixel bytes (the red plane, green, blue, row-major).
/// </summary>
public static class Cifar10
{
    private const int ImageBytes = 3 * 32 * 32;
    private const int RecordBytes = 1 + ImageBytes;
    private const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>The five training batch files, in order.</summary>
    internal static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The test batch file.</summary>
    internal const string TestFile = "test_batch.bin";

    /// <summary>
    /// Class names in French, in label order (the published English names: airplane, automobile, bird, cat, deer,
    /// dog, frog, horse, ship, truck).
    /// </summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["avion", "automobile", "oiseau", "chat", "cerf", "chien", "grenouille", "cheval", "bateau", "camion"];

    /// <summary>The published archive, its checksum and mirrors.</summary>
    public static RemoteDataset Remote { get; } = new("cifar-10", "cifar-10-batches-bin",
    [
        new RemoteFile(ArchiveName, 170052171, "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
        [
            new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            new Uri("https://storage.googleapis.com/s4tf-hosted-binaries/datasets/CIFAR10/cifar-10-binary.tar.gz"),
        ])
        {
            ArchiveFolder = "cifar-10-batches-bin",
            ArchiveMembers = [.. TrainFiles, TestFile],
        },
    ]);

    /// <summary>
    /// Loads the training split (all five batches) and the test split from <c>{root}/cifar-10-batches-bin/</c>
    /// (any whole number of records per file), downloading and extracting the archive first when files are missing
    /// and <paramref name="download"/> allows. Augment training batches with <see cref="RandomCropFlip"/>.
    /// </summary>
    /// <param name="root">The data root; <c>null</c> for the default (see <see cref="DataRoot"/>).</param>
    /// <param name="download">Download missing files (with a progress bar on standard error).</param>
    /// <exception cref="FileNotFoundException">Files are missing and <paramref name="download"/> is false.</exception>
    /// <exception cref="DatasetDownloadException">Files are missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A batch file is damaged.</exception>
    public static ImageSplits Load(string? root = null, bool download = true)
    {
        var folder = Remote.Ensure(root, download);
        var train = ReadBatches(TrainFiles.Select(name => Path.Combine(folder, name)), mean: null, std: null);
        try
        {
            return new ImageSplits(train, ReadBatches([Path.Combine(folder, TestFile)], train.Mean, train.Std));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads and concatenates CIFAR-10 binary batch files.</summary>
    internal static ImageDataset ReadBatches(IEnumerable<string> paths, IReadOnlyList<float>? mean, IReadOnlyList<float>? std)
    {
        var records = new List<byte[]>();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length % RecordBytes != 0)
                throw new InvalidDataException(
                    $"{path} holds {bytes.Length} bytes, not a whole number of {RecordBytes}-byte CIFAR-10 records (truncated file?).");
            records.Add(bytes);
        }
        var count = records.Sum(bytes => bytes.Length / RecordBytes);
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new long[count];
        var index = 0;
        foreach (var bytes in records)
        {
            for (var offset = 0; offset < bytes.Length; offset += RecordBytes, index++)
            {
                labels[index] = bytes[offset];
                if (labels[index] >= Classes.Count)
                    throw new InvalidDataException($"A CIFAR-10 record holds label {labels[index]}; expected 0 to {Classes.Count - 1}.");
                Buffer.BlockCopy(bytes, offset + 1, pixels, index * ImageBytes, ImageBytes);
            }
        }
        return new ImageDataset(
            tensor(pixels, new long[] { count, 3, 32, 32 }),   // the record's plane order is already [C, H, W]
            tensor(labels, new long[] { count }),
            Classes, mean, std);
    }
}
