using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepArch.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also used by Fashion-MNIST), raw or gzip-compressed: a big-endian header
/// <c>00 00 type ndim</c>, then <c>ndim</c> 32-bit sizes, then the values row-major. Only unsigned bytes (type 0x08)
/// occur in these datasets.
/// </summary>
internal static class Idx
{
    private const byte UnsignedByte = 0x08;

    /// <summary>The file's dimensions and values.</summary>
    /// <exception cref="InvalidDataException">Not an unsigned-byte IDX file, or its data is shorter or longer than its header says.</exception>
    public static (long[] Shape, byte[] Values) Read(string path)
    {
        var bytes = ReadMaybeGzip(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{path} is not an IDX file (it does not start with two zero bytes).");
        if (bytes[2] != UnsignedByte)
            throw new InvalidDataException($"{path} holds IDX type 0x{bytes[2]:x2}; only unsigned bytes (0x08) are supported.");
        var rank = bytes[3];
        var headerLength = 4 + 4 * rank;
        if (rank == 0 || bytes.Length < headerLength)
            throw new InvalidDataException($"{path} has a truncated IDX header.");
        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
            shape[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
        var expected = shape.Aggregate(1L, (product, size) => product * size);
        var actual = bytes.LongLength - headerLength;
        if (actual != expected)
            throw new InvalidDataException(
                $"{path} holds {actual} data bytes but its header announces [{string.Join(", ", shape)}] = {expected}" +
                (actual < expected ? " (truncated file?)." : "."));
        return (shape, bytes[headerLength..]);
    }

    /// <summary>Writes unsigned bytes as a raw IDX file (type 0x08), atomically.</summary>
    /// <exception cref="ArgumentException">The values do not fill the shape, or a dimension is out of the format's range.</exception>
    public static void Write(string path, IReadOnlyList<long> shape, ReadOnlySpan<byte> values)
    {
        if (shape.Count is < 1 or > 255 || shape.Any(size => size is < 0 or > uint.MaxValue))
            throw new ArgumentException($"An IDX file holds 1 to 255 dimensions of at most {uint.MaxValue}; got [{string.Join(", ", shape)}].", nameof(shape));
        var expected = shape.Aggregate(1L, (product, size) => product * size);
        if (values.Length != expected)
            throw new ArgumentException($"[{string.Join(", ", shape)}] needs {expected} values; got {values.Length}.", nameof(values));
        var bytes = new byte[4 + 4 * shape.Count + values.Length];
        bytes[2] = UnsignedByte;
        bytes[3] = (byte)shape.Count;
        for (var i = 0; i < shape.Count; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)shape[i]);
        values.CopyTo(bytes.AsSpan(4 + 4 * shape.Count));
        IO.AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>The first existing of <c>{folder}/{name}</c> and <c>{folder}/{name}.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither exists.</exception>
    public static string Locate(string folder, string name)
    {
        var raw = Path.Combine(folder, name);
        if (File.Exists(raw))
            return raw;
        if (File.Exists(raw + ".gz"))
            return raw + ".gz";
        throw new FileNotFoundException($"Neither {raw} nor {raw}.gz exists.", raw);
    }

    /// <summary>The file's bytes, decompressed when it starts with the gzip signature (whatever its name).</summary>
    private static byte[] ReadMaybeGzip(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> signature = stackalloc byte[2];
        var isGzip = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
        file.Position = 0;
        using var memory = new MemoryStream();
        if (isGzip)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            try
            {
                gzip.CopyTo(memory);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw new InvalidDataException($"{path} is a damaged gzip file: {e.Message}", e);
            }
        }
        else
        {
            file.CopyTo(memory);
        }
        return memory.ToArray();
    }
}
