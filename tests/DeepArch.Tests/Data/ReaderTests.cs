using DeepArch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class ReaderTests : IDisposable
{
    private readonly TemporaryFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MnistLoadsIdxFilesFromTheRootLayoutWithoutDownloading(bool gzip)
    {
        var files = IdxFiles.WriteSplits(_root.Combine("mnist"), train: 7, test: 3, height: 28, width: 28, gzip, seed: 5);

        using var splits = Mnist.Load(_root.Path, download: false);

        Assert.Equal([7L, 1, 28, 28], splits.Train.Pixels.shape);
        Assert.Equal([3L, 1, 28, 28], splits.Test.Pixels.shape);
        Assert.Equal(files.TrainPixels, splits.Train.Pixels.data<byte>().ToArray());
        Assert.Equal(files.TestPixels, splits.Test.Pixels.data<byte>().ToArray());
        Assert.Equal(files.TrainLabels.Select(b => (long)b), splits.Train.Labels.data<long>().ToArray());
        Assert.Equal(files.TestLabels.Select(b => (long)b), splits.Test.Labels.data<long>().ToArray());
        Assert.Equal(Mnist.Classes, splits.Train.Classes);
    }

    [Fact]
    public void FashionMnistReadsItsOwnFolderAndPixelRowsKeepTheirOrder()
    {
        // One 2×3 image whose pixel (y, x) is 10·y + x: row-major order is visible in the tensor.
        byte[] image = [0, 1, 2, 10, 11, 12];
        IdxFiles.Write(_root.Combine("fashion-mnist", "train-images-idx3-ubyte"), [1, 2, 3], image, gzip: true);
        IdxFiles.Write(_root.Combine("fashion-mnist", "train-labels-idx1-ubyte"), [1], [9], gzip: true);
        IdxFiles.Write(_root.Combine("fashion-mnist", "t10k-images-idx3-ubyte"), [1, 2, 3], image, gzip: false);
        IdxFiles.Write(_root.Combine("fashion-mnist", "t10k-labels-idx1-ubyte"), [1], [0], gzip: false);

        using var splits = FashionMnist.Load(_root.Path, download: false);

        Assert.Equal(12, splits.Train.Pixels[0, 0, 1, 2].item<byte>());
        Assert.Equal(2, splits.Train.Pixels[0, 0, 0, 2].item<byte>());
        Assert.Equal("bottine", splits.Train.Classes[(int)splits.Train.Labels[0].item<long>()]);
    }

    [Fact]
    public void ATruncatedIdxFileIsAClearError()
    {
        IdxFiles.WriteSplits(_root.Combine("mnist"), train: 4, test: 2, height: 5, width: 5, gzip: false, seed: 1);
        var path = _root.Combine("mnist", "train-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);

        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load(_root.Path, download: false));

        Assert.Contains($"{path} holds {4 * 25 - 7} data bytes but its header announces [4, 5, 5] = 100 (truncated file?)", error.Message);
    }

    [Fact]
    public void AFileThatIsNotIdxIsAClearError()
    {
        IdxFiles.WriteSplits(_root.Combine("mnist"), train: 2, test: 2, height: 3, width: 3, gzip: false, seed: 1);
        File.WriteAllText(_root.Combine("mnist", "t10k-labels-idx1-ubyte"), "<html>Access denied</html>");

        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load(_root.Path, download: false));

        Assert.Contains("is not an IDX file", error.Message);
    }

    [Fact]
    public void LabelsAndImagesMustAgreeInCount()
    {
        IdxFiles.WriteSplits(_root.Combine("mnist"), train: 3, test: 2, height: 3, width: 3, gzip: false, seed: 1);
        IdxFiles.Write(_root.Combine("mnist", "train-labels-idx1-ubyte"), [2], [1, 2], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load(_root.Path, download: false));

        Assert.Contains("holds [2] labels but", error.Message);
    }

    [Fact]
    public void AMissingDatasetWithoutDownloadSaysHowToGetIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Cifar10.Load(_root.Path, download: false));

        Assert.Contains($"cifar-10 is not in {_root.Combine("cifar-10-batches-bin")}", error.Message);
        Assert.Contains("deeparch datasets fetch cifar-10", error.Message);
    }

    [Fact]
    public void CifarBatchesAreReadAsChannelPlanesWithTheirLabels()
    {
        // Record r of batch b: label (b + r) mod 10, pixel (c, y, x) = (r + 3c + 7y + 11x + b) mod 256.
        var folder = _root.Combine("cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        string[] names = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];
        for (var b = 0; b < names.Length; b++)
            File.WriteAllBytes(Path.Combine(folder, names[b]), CifarRecords(records: 2, b));

        using var splits = Cifar10.Load(_root.Path, download: false);

        Assert.Equal([10L, 3, 32, 32], splits.Train.Pixels.shape);
        Assert.Equal([2L, 3, 32, 32], splits.Test.Pixels.shape);
        Assert.Equal([0L, 1, 1, 2, 2, 3, 3, 4, 4, 5], splits.Train.Labels.data<long>().ToArray());
        Assert.Equal([5L, 6], splits.Test.Labels.data<long>().ToArray());
        // Training image 7 is batch 3 (b = 3), record 1.
        Assert.Equal((1 + 3 * 2 + 7 * 31 + 11 * 5 + 3) % 256, splits.Train.Pixels[7, 2, 31, 5].item<byte>());
        Assert.Equal((0 + 3 * 1 + 7 * 4 + 11 * 30 + 5) % 256, splits.Test.Pixels[0, 1, 4, 30].item<byte>());
        Assert.Equal("chien", splits.Test.Classes[(int)splits.Test.Labels[0].item<long>()]);
    }

    [Fact]
    public void ATruncatedCifarBatchIsAClearError()
    {
        var folder = _root.Combine("cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
            File.WriteAllBytes(Path.Combine(folder, name), CifarRecords(records: 1, batch: 0));
        File.WriteAllBytes(Path.Combine(folder, "data_batch_4.bin"), CifarRecords(records: 2, batch: 0)[..5000]);

        var error = Assert.Throws<InvalidDataException>(() => Cifar10.Load(_root.Path, download: false));

        Assert.Contains("data_batch_4.bin holds 5000 bytes, not a whole number of 3073-byte CIFAR-10 records", error.Message);
    }

    [Fact]
    public void TextCorporaAreReadFromTheTextFolder()
    {
        Directory.CreateDirectory(_root.Combine("text"));
        File.WriteAllText(_root.Combine("text", "hugo.txt"), "Ceci tuera cela.\n");
        File.WriteAllText(_root.Combine("text", "tiny-shakespeare.txt"), "First Citizen:\n");

        Assert.Equal("Ceci tuera cela.\n", TextCorpus.Load("hugo", _root.Path));
        Assert.Equal("First Citizen:\n", TextCorpus.Load("tiny-shakespeare", _root.Path, download: false));
        var error = Assert.Throws<FileNotFoundException>(() => TextCorpus.Load("zola", _root.Path));
        Assert.Contains(_root.Combine("text", "zola.txt"), error.Message);
        Assert.Throws<ArgumentException>(() => TextCorpus.Load("../secret", _root.Path));
    }

    private static byte[] CifarRecords(int records, int batch)
    {
        var bytes = new byte[records * 3073];
        for (var r = 0; r < records; r++)
        {
            bytes[r * 3073] = (byte)((batch + r) % 10);
            for (var c = 0; c < 3; c++)
                for (var y = 0; y < 32; y++)
                    for (var x = 0; x < 32; x++)
                        bytes[r * 3073 + 1 + c * 1024 + y * 32 + x] = (byte)((r + 3 * c + 7 * y + 11 * x + batch) % 256);
        }
        return bytes;
    }
}
