using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepArch.Tests.Data;

/// <summary>Writes IDX files byte by byte from the format's definition, raw or gzip-compressed.</summary>
internal static class IdxFiles
{
    public static byte[] Encode(int[] shape, byte[] values)
    {
        var bytes = new byte[4 + 4 * shape.Length + values.Length];
        bytes[2] = 0x08;                       // unsigned byte
        bytes[3] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        values.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    public static void Write(string path, int[] shape, byte[] values, bool gzip)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encode(shape, values);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
    }

    /// <summary>An MNIST-layout folder with <paramref name="train"/> + <paramref name="test"/> images of size h×w.</summary>
    public static (byte[] TrainPixels, byte[] TrainLabels, byte[] TestPixels, byte[] TestLabels) WriteSplits(
        string folder, int train, int test, int height, int width, bool gzip, int seed)
    {
        var random = new Random(seed);
        byte[] Bytes(int n, int max) => Enumerable.Range(0, n).Select(_ => (byte)random.Next(max)).ToArray();
        var (trainPixels, trainLabels) = (Bytes(train * height * width, 256), Bytes(train, 10));
        var (testPixels, testLabels) = (Bytes(test * height * width, 256), Bytes(test, 10));
        Write(Path.Combine(folder, "train-images-idx3-ubyte"), [train, height, width], trainPixels, gzip);
        Write(Path.Combine(folder, "train-labels-idx1-ubyte"), [train], trainLabels, gzip);
        Write(Path.Combine(folder, "t10k-images-idx3-ubyte"), [test, height, width], testPixels, gzip);
        Write(Path.Combine(folder, "t10k-labels-idx1-ubyte"), [test], testLabels, gzip);
        return (trainPixels, trainLabels, testPixels, testLabels);
    }
}
