using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Labelled images held in memory as bytes (4× smaller than floats: CIFAR-10's training set is 150 MB, not 600 MB);
/// <see cref="ToTensor"/> and <see cref="ImageDataModule"/> turn them into floats when needed. Owns its tensors.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Wraps pixels and labels; per-channel <paramref name="mean"/>/<paramref name="std"/> default to the pixels' own.</summary>
    /// <param name="pixels"><c>uint8 [N, C, H, W]</c>, values 0–255; the dataset takes ownership.</param>
    /// <param name="labels"><c>int64 [N]</c> class indices into <paramref name="classes"/>; the dataset takes ownership.</param>
    /// <param name="classes">Class names, shown as captions.</param>
    /// <param name="mean">Per-channel mean of the pixels scaled to [0, 1] used by normalisation (give the training set's for a test set).</param>
    /// <param name="std">Per-channel standard deviation matching <paramref name="mean"/>.</param>
    /// <exception cref="ArgumentException">Shapes, types or labels do not fit together.</exception>
    public ImageDataset(Tensor pixels, Tensor labels, IReadOnlyList<string> classes, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        if (pixels.dtype != ScalarType.Byte || pixels.dim() != 4)
            throw new ArgumentException($"Pixels must be uint8 [N, C, H, W]; got {pixels.dtype} [{string.Join(", ", pixels.shape)}].", nameof(pixels));
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != pixels.shape[0])
            throw new ArgumentException(
                $"Labels must be int64 [N] with N = {pixels.shape[0]} images; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (labels.numel() > 0)
        {
            using var smallest = labels.min();
            using var largest = labels.max();
            if (smallest.item<long>() < 0 || largest.item<long>() >= classes.Count)
                throw new ArgumentException(
                    $"Labels must lie in [0, {classes.Count}) for {classes.Count} classes; got {smallest.item<long>()}..{largest.item<long>()}.", nameof(labels));
        }
        Pixels = pixels;
        Labels = labels;
        Classes = classes;
        if (mean is null || std is null)
        {
            var (ownMean, ownStd) = ChannelStatistics(pixels);
            mean ??= ownMean;
            std ??= ownStd;
        }
        if (mean.Count != Channels || std.Count != Channels)
            throw new ArgumentException($"Give one mean and one standard deviation per channel ({Channels}).");
        Mean = mean;
        Std = std;
    }

    /// <summary>The images, <c>uint8 [N, C, H, W]</c>.</summary>
    public Tensor Pixels { get; }

    /// <summary>The class of each image, <c>int64 [N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Per-channel mean of the [0, 1] pixels that normalisation subtracts.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-channel standard deviation that normalisation divides by.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Number of images.</summary>
    public int Count => (int)Pixels.shape[0];

    /// <summary>Channels per image: 1 (gray) or 3 (RGB).</summary>
    public int Channels => (int)Pixels.shape[1];

    /// <summary>Image height in pixels.</summary>
    public int Height => (int)Pixels.shape[2];

    /// <summary>Image width in pixels.</summary>
    public int Width => (int)Pixels.shape[3];

    /// <summary>The images as <c>float32 [N, C, H, W]</c> in [0, 1], or normalised to zero mean and unit variance per channel.</summary>
    public Tensor ToTensor(bool normalize = false) => Prepare(Pixels, normalize, augment: null);

    /// <summary>The first <paramref name="count"/> images (all when there are fewer), as a new dataset with the same statistics.</summary>
    public ImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var n = Math.Min(count, Count);
        return new ImageDataset(Pixels.narrow(0, 0, n).clone(), Labels.narrow(0, 0, n).clone(), Classes, Mean, Std);
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Pixels.Dispose();
        Labels.Dispose();
    }

    /// <summary>
    /// Bytes to floats in [0, 1], then <paramref name="augment"/>, then normalisation. The caller owns the result;
    /// intermediates are disposed here so this is also safe outside a dispose scope.
    /// </summary>
    internal Tensor Prepare(Tensor pixels, bool normalize, Func<Tensor, Tensor>? augment)
    {
        var images = pixels.to_type(ScalarType.Float32).div_(255f);   // [B, C, H, W]
        if (augment is not null)
        {
            var augmented = augment(images);
            if (!ReferenceEquals(augmented, images))
                images.Dispose();
            images = augmented;
        }
        if (!normalize)
            return images;
        using var mean = tensor(Mean.ToArray(), new long[] { 1, Channels, 1, 1 }).to(images.device);
        using var std = tensor(Std.ToArray(), new long[] { 1, Channels, 1, 1 }).to(images.device);
        return images.sub_(mean).div_(std);
    }

    /// <summary>
    /// Exact per-channel mean and standard deviation of <c>pixels / 255</c>, from a histogram of byte values: no float
    /// copy of the whole set is made.
    /// </summary>
    internal static (float[] Mean, float[] Std) ChannelStatistics(Tensor pixels)
    {
        var channels = (int)pixels.shape[1];
        var plane = (int)(pixels.shape[2] * pixels.shape[3]);
        var histogram = new long[channels, 256];
        using (var contiguous = pixels.contiguous())
        {
            var bytes = contiguous.bytes;
            for (var offset = 0; offset < bytes.Length; offset += plane * channels)
                for (var c = 0; c < channels; c++)
                    foreach (var value in bytes.Slice(offset + c * plane, plane))
                        histogram[c, value]++;
        }
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            double count = 0, sum = 0, squares = 0;
            for (var v = 0; v < 256; v++)
            {
                var x = v / 255.0;
                count += histogram[c, v];
                sum += histogram[c, v] * x;
                squares += histogram[c, v] * x * x;
            }
            var m = count == 0 ? 0 : sum / count;
            mean[c] = (float)m;
            std[c] = count == 0 ? 1 : (float)Math.Sqrt(Math.Max(squares / count - m * m, 0));
            if (std[c] == 0)
                std[c] = 1;     // a constant channel: dividing by zero would only make NaNs
        }
        return (mean, std);
    }
}
