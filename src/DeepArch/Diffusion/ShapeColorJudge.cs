using DeepArch.Data;
using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Reads a coloured shape image's caption: the shape from a <see cref="Judge"/> trained on shapes, the colour from the
/// pixels themselves — the mean colour of the foreground (pixels whose brightest channel exceeds
/// <see cref="ForegroundThreshold"/>) compared with <see cref="Shapes.ColorValues"/>, nearest in RGB. Used to say how
/// often caption-conditioned samples show what their caption asks for.
/// </summary>
public sealed class ShapeColorJudge
{
    /// <summary>A pixel belongs to the foreground when one of its channels exceeds this value (black background).</summary>
    public const double ForegroundThreshold = 0.25;

    /// <summary>Wraps a shape judge of RGB images.</summary>
    /// <exception cref="ArgumentException">The judge does not read 3-channel images.</exception>
    public ShapeColorJudge(Judge shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.ImageShape.Channels != 3)
            throw new ArgumentException("Colours are read from RGB images: give a judge of 3-channel shapes.", nameof(shapes));
        Shapes = shapes;
    }

    /// <summary>The shape judge.</summary>
    public Judge Shapes { get; }

    /// <summary>The colour label of each image <c>[N, 3, H, W]</c> in [0, 1] (−1 for an image with no foreground).</summary>
    /// <exception cref="ArgumentException">The images are not RGB.</exception>
    public static long[] Colors(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"Colours are read from images [N, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var x = images.to(ScalarType.Float32).cpu();
        var foreground = x.amax([1], keepdim: true).gt(ForegroundThreshold).to(ScalarType.Float32);        // [N, 1, H, W]
        var count = foreground.sum([1, 2, 3]);                                                               // [N]
        var mean = (x * foreground).sum([2, 3]) / count.clamp_min(1).unsqueeze(1);                           // [N, 3]
        var palette = tensor(Data.Shapes.ColorValues.SelectMany(c => new[] { c.R / 255f, c.G / 255f, c.B / 255f }).ToArray(),
            new long[] { Data.Shapes.ColorValues.Count, 3 });                                                 // [K, 3]
        var distance = (mean.unsqueeze(1) - palette.unsqueeze(0)).pow(2).sum(2L);                           // [N, K]
        var nearest = distance.argmin(1);
        return where(count.gt(0), nearest, full_like(nearest, -1)).data<long>().ToArray();
    }

    /// <summary>The shape label of each image, the judge's most probable class.</summary>
    public long[] ShapeLabels(Tensor images)
    {
        using var probabilities = Shapes.Probabilities(images);
        using var predicted = probabilities.argmax(1);
        return predicted.data<long>().ToArray();
    }

    /// <summary>Every caption of the shapes in turn (sample i asks for combination i mod 30), with its shape and colour labels.</summary>
    public static (string[] Captions, int[] Shapes, int[] Colors) Requests(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (shapes, colors) = (Data.Shapes.ShapeNames.Count, Data.Shapes.ColorNames.Count);
        var shape = Enumerable.Range(0, count).Select(i => i % (shapes * colors) / colors).ToArray();
        var color = Enumerable.Range(0, count).Select(i => i % colors).ToArray();
        return (shape.Zip(color, Data.Shapes.Caption).ToArray(), shape, color);
    }

    /// <summary>Share of images whose shape and colour both match the labels asked for.</summary>
    /// <exception cref="ArgumentException">Counts differ.</exception>
    public double MatchShare(Tensor images, IReadOnlyList<int> shapes, IReadOnlyList<int> colors)
    {
        var n = (int)images.shape[0];
        if (shapes.Count != n || colors.Count != n)
            throw new ArgumentException($"Give one shape and one colour label per image ({n}).");
        var shape = ShapeLabels(images);
        var color = Colors(images);
        return Enumerable.Range(0, n).Count(i => shape[i] == shapes[i] && color[i] == colors[i]) / (double)n;
    }
}
