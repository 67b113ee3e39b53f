using DeepArch.Runtime;
using SkiaSharp;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Synthetic images of coloured shapes on black, drawn anti-aliased with SkiaSharp: circles, squares, triangles,
/// stars and diamonds of random size, position, rotation and colour, optionally with pixel noise and a grey occluding
/// rectangle. Each comes with its shape and colour labels, a segmentation mask and a French caption (« cercle rouge »),
/// the lecture's « pomme rouge / banane verte » example for conditional generation. The same seed gives the same
/// bytes on one machine (anti-aliasing may differ in the last bit between CPU architectures).
/// </summary>
public static class Shapes
{
    private static readonly (string Masculine, string Feminine, SKColor Rgb)[] Palette =
    [
        ("rouge", "rouge", new SKColor(220, 40, 40)),
        ("vert", "verte", new SKColor(40, 170, 60)),
        ("bleu", "bleue", new SKColor(40, 90, 220)),
        ("jaune", "jaune", new SKColor(235, 205, 40)),
        ("violet", "violette", new SKColor(145, 60, 190)),
        ("orange", "orange", new SKColor(245, 135, 30)),
    ];

    private static readonly SKColor OccluderColor = new(128, 128, 128);

    /// <summary>Shape class names, by label: cercle, carré, triangle, étoile, losange.</summary>
    public static IReadOnlyList<string> ShapeNames { get; } = ["cercle", "carré", "triangle", "étoile", "losange"];

    /// <summary>Colour class names, by label: rouge, vert, bleu, jaune, violet, orange.</summary>
    public static IReadOnlyList<string> ColorNames { get; } = Palette.Select(colour => colour.Masculine).ToArray();

    // Grammatical gender of each shape name, for the caption's adjective.
    private static readonly bool[] Feminine = [false, false, false, true, false];

    /// <summary>The RGB values of the colours, by colour label, as drawn (before anti-aliasing and noise).</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> ColorValues { get; } =
        Palette.Select(colour => (colour.Rgb.Red, colour.Rgb.Green, colour.Rgb.Blue)).ToArray();

    /// <summary>The French caption of a shape in a colour, the adjective agreeing with the noun: « étoile verte ».</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is out of range.</exception>
    public static string Caption(int shape, int color)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shape);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shape, ShapeNames.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(color);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(color, Palette.Length);
        var (masculine, feminine, _) = Palette[color];
        return $"{ShapeNames[shape]} {(Feminine[shape] ? feminine : masculine)}";
    }

    /// <summary>Generates <paramref name="count"/> images.</summary>
    /// <param name="count">Number of images N.</param>
    /// <param name="size">Width and height in pixels (e.g. 28, 32 or 64).</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="grayscale">One luminance channel (0.299 R + 0.587 G + 0.114 B) instead of RGB.</param>
    /// <param name="noise">Standard deviation of Gaussian pixel noise, in units of the full 0–1 range (0 for none).</param>
    /// <param name="occlusion">Probability that a grey rectangle hides part of the shape.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ShapesDataset Generate(int count, int size = 32, int seed = Seeding.DefaultSeed,
        bool grayscale = false, double noise = 0, double occlusion = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 256);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        if (occlusion is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(occlusion), occlusion, "The occlusion probability must lie in [0, 1].");

        var channels = grayscale ? 1 : 3;
        var plane = size * size;
        if ((long)count * channels * plane > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"{count} images of {channels}×{size}×{size} bytes do not fit in one array; generate fewer or smaller images.");

        var random = new Random(seed);
        // Noise draws come from their own stream, so adding noise leaves the shapes themselves unchanged.
        var noiseRandom = new Random(unchecked(seed ^ 0x2545F491));
        var pixels = new byte[(long)count * channels * plane];
        var masks = new byte[(long)count * plane];
        var shapeLabels = new long[count];
        var colorLabels = new long[count];
        var captions = new string[count];
        var specs = new ShapeSpec[count];

        using var image = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var coverage = new SKBitmap(new SKImageInfo(size, size, SKColorType.Alpha8, SKAlphaType.Premul));
        for (var n = 0; n < count; n++)
        {
            var spec = Sample(random, size, occlusion);
            specs[n] = spec;
            shapeLabels[n] = spec.Shape;
            colorLabels[n] = spec.Color;
            captions[n] = Caption(spec.Shape, spec.Color);
            Draw(spec, image, coverage);
            CopyPixels(image, pixels.AsSpan(n * channels * plane, channels * plane), grayscale, noise, noiseRandom);
            var mask = masks.AsSpan(n * plane, plane);
            var alpha = coverage.GetPixelSpan();
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                    mask[y * size + x] = alpha[y * coverage.RowBytes + x] >= 128 ? (byte)(spec.Shape + 1) : (byte)0;
        }

        var images = new ImageDataset(tensor(pixels, new long[] { count, channels, size, size }),
            tensor(shapeLabels, new long[] { count }), ShapeNames);
        return new ShapesDataset(images, tensor(colorLabels, new long[] { count }),
            tensor(masks, new long[] { count, size, size }), captions, specs);
    }

    private static ShapeSpec Sample(Random random, int size, double occlusion)
    {
        var shape = random.Next(ShapeNames.Count);
        var color = random.Next(Palette.Length);
        var radius = (float)random.Uniform(0.18 * size, 0.36 * size);
        // Keep the whole shape and a pixel of margin inside the image.
        var centerX = (float)random.Uniform(radius + 1, size - radius - 1);
        var centerY = (float)random.Uniform(radius + 1, size - radius - 1);
        var rotation = (float)random.Uniform(0, 2 * Math.PI);
        // A rectangle up to one radius wide and high, centred on a point 0.8 radius from the centre: it bites into one
        // side of the shape without hiding all of it. Drawn whether used or not, so the occlusion probability changes
        // which images are occluded but not the shapes.
        var occluded = random.NextDouble() < occlusion;
        var direction = random.Uniform(0, 2 * Math.PI);
        var (width, height) = (random.Uniform(0.5, 1) * radius, random.Uniform(0.5, 1) * radius);
        var x = centerX + 0.8 * radius * Math.Cos(direction);
        var y = centerY + 0.8 * radius * Math.Sin(direction);
        SKRect? occluder = occluded
            ? new SKRect((float)(x - width / 2), (float)(y - height / 2), (float)(x + width / 2), (float)(y + height / 2))
            : null;
        return new ShapeSpec(shape, color, centerX, centerY, radius, rotation, occluder);
    }

    /// <summary>Draws the image, and into <paramref name="coverage"/> the fraction of each pixel the visible shape covers.</summary>
    private static void Draw(ShapeSpec spec, SKBitmap image, SKBitmap coverage)
    {
        using var path = spec.ToPath();
        using (var canvas = new SKCanvas(image))
        using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = Palette[spec.Color].Rgb })
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawPath(path, paint);
            if (spec.Occluder is { } rectangle)
            {
                paint.Color = OccluderColor;
                canvas.DrawRect(rectangle, paint);
            }
        }
        using (var canvas = new SKCanvas(coverage))
        using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = SKColors.White })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawPath(path, paint);
            if (spec.Occluder is { } rectangle)
            {
                // Clearing with anti-aliasing scales the coverage by the part of the pixel the occluder leaves visible.
                paint.BlendMode = SKBlendMode.Clear;
                canvas.DrawRect(rectangle, paint);
            }
        }
    }

    /// <summary>Copies the RGBA bitmap into channel planes (or one luminance plane), adding noise when asked.</summary>
    private static void CopyPixels(SKBitmap image, Span<byte> planes, bool grayscale, double noise, Random random)
    {
        var size = image.Width;
        var plane = size * size;
        var source = image.GetPixelSpan();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var at = y * image.RowBytes + 4 * x;
                var (r, g, b) = (source[at], source[at + 1], source[at + 2]);
                if (grayscale)
                {
                    planes[y * size + x] = Noisy(0.299 * r + 0.587 * g + 0.114 * b, noise, random);
                }
                else
                {
                    planes[y * size + x] = Noisy(r, noise, random);
                    planes[plane + y * size + x] = Noisy(g, noise, random);
                    planes[2 * plane + y * size + x] = Noisy(b, noise, random);
                }
            }
        }
    }

    private static byte Noisy(double value, double noise, Random random)
    {
        if (noise > 0)
            value += 255 * noise * random.Gaussian();
        return (byte)Math.Clamp(Math.Round(value), 0, 255);
    }
}
