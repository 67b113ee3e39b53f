using DeepArch.Data;
using DeepArch.Display;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Generated images as files anyone can judge with their own tools: an IDX file of unsigned bytes in MNIST's layout
/// (<c>[N, H, W]</c> for gray images, <c>[N, C, H, W]</c> for colour ones) and a PNG grid beside it showing the same bytes.
/// </summary>
public static class SampleFiles
{
    /// <summary>Images shown in the PNG grid at most (the IDX file holds them all).</summary>
    public const int MaxGridImages = 1024;

    /// <summary>
    /// Images <c>[N, C, H, W]</c> in [0, 1] as bytes <c>[N, C, H, W]</c>, rounded as <see cref="ImageGrid"/> and
    /// torchvision's <c>save_image</c> do: ⌊255 x + 0.5⌋ clipped to 0–255.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not <c>[N, C, H, W]</c> floats.</exception>
    public static Tensor ToBytes(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || !images.is_floating_point())
            throw new ArgumentException($"Expected float images [N, C, H, W] in [0, 1]; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var x = images.detach().cpu().to(ScalarType.Float64);
        return (x.nan_to_num(0) * 255 + 0.5).clamp(0, 255).to(ScalarType.Byte).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes <paramref name="images"/> (<c>[N, C, H, W]</c> in [0, 1]) to <paramref name="idxPath"/> and a grid of the first
    /// <see cref="MaxGridImages"/> to the same path with the extension <c>.png</c>, both atomically.
    /// </summary>
    /// <returns>The PNG grid's path.</returns>
    /// <exception cref="ArgumentException">The images are not <c>[N, C, H, W]</c> floats, or the path ends in <c>.png</c>.</exception>
    public static string Save(Tensor images, string idxPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idxPath);
        if (idxPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{idxPath} names the IDX file; the PNG grid is written beside it.", nameof(idxPath));
        using var bytes = ToBytes(images);
        var shape = bytes.shape[1] == 1 ? new[] { bytes.shape[0], bytes.shape[2], bytes.shape[3] } : bytes.shape;
        Idx.Write(idxPath, shape, bytes.data<byte>().ToArray());
        var shown = (int)Math.Min(bytes.shape[0], MaxGridImages);
        using var first = bytes.narrow(0, 0, shown);
        var pngPath = Path.ChangeExtension(idxPath, ".png");
        new ImageGrid(first, columns: (int)Math.Ceiling(Math.Sqrt(shown))).Save(pngPath);
        return pngPath;
    }

    /// <summary>Reads an IDX file of unsigned bytes (raw or gzip) as a <c>uint8</c> tensor of the file's shape.</summary>
    /// <exception cref="InvalidDataException">The file is not an unsigned-byte IDX file or is truncated.</exception>
    public static Tensor Load(string idxPath)
    {
        var (shape, values) = Idx.Read(idxPath);
        return tensor(values, shape);
    }
}
