using System.Globalization;
using System.Runtime.InteropServices;
using DeepArch.IO;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Display;

/// <summary>
/// A batch of images laid out as a grid, with optional captions under each image and a title, rendered to PNG.
/// Shows itself in a notebook and can be saved as a <c>.png</c> file.
/// </summary>
/// <remarks>
/// Accepted shapes: <c>[N, C, H, W]</c> with C = 1 (grayscale) or 3 (RGB), <c>[N, H, W]</c> (grayscale),
/// <c>[C, H, W]</c> and <c>[H, W]</c> (one image). A 3-D tensor whose first dimension is 3 is read as one RGB image;
/// to show three grayscale images, pass <c>images.unsqueeze(1)</c>. Floating-point values are mapped from [0, 1] to
/// black–white by default, bytes from [0, 255]; values outside the range are clipped. The tensor may live on any
/// device; it is copied at construction, so it may be disposed afterwards.
/// </remarks>
/// <example>
/// <code>
/// var captions = labels.data&lt;long&gt;().Select(l => $"étiquette : {l}").ToList();
/// new ImageGrid(images, captions, scale: 3, title: "Chiffres MNIST")
/// </code>
/// </example>
[TypeFormatterSource(typeof(ImageGridFormatterSource))]
public sealed class ImageGrid
{
    // As torchvision's make_grid.
    private const int DefaultColumns = 8;

    // Guards against a grid that would take gigabytes to draw, e.g. thousands of images at a large scale.
    private const long MaxTilePixels = 50_000_000;
    private const float CaptionFontSize = 13;
    private const float TitleFontSize = 16;
    private const int CaptionGap = 3;
    // Keeps neighbouring captions apart when they, not the tiles, set the column width.
    private const int CaptionSpacing = 10;
    private const int TitleMargin = 8;
    // Captions wider than this (or than the tile, if wider) end with an ellipsis.
    private const int MaxCaptionWidth = 160;

    private static readonly SKColor TextColor = new(0x22, 0x22, 0x22);

    private readonly byte[] _png;
    private readonly string _description;

    /// <summary>Renders a grid of images.</summary>
    /// <param name="images">The images; see the remarks for the accepted shapes and value ranges.</param>
    /// <param name="captions">One caption per image, drawn under it; none when omitted.</param>
    /// <param name="columns">Images per row; 8 (or fewer, if there are fewer images) when omitted.</param>
    /// <param name="scale">Integer upscale factor, pixels repeated (nearest neighbour) so 28 px digits stay sharp.</param>
    /// <param name="padding">White pixels between images and around the grid.</param>
    /// <param name="title">Title above the grid; none when omitted.</param>
    /// <param name="range">The values drawn black and white, e.g. <c>(-1, 1)</c> for images normalised to [-1, 1];
    /// (0, 1) for floating-point tensors and (0, 255) for byte tensors when omitted.</param>
    /// <param name="normalize">Stretch each image's own minimum–maximum to black–white (feature maps, filters).
    /// Cannot be combined with <paramref name="range"/>.</param>
    /// <exception cref="ArgumentException">A shape, type, count or option is invalid; the message says what was expected.</exception>
    public ImageGrid(
        Tensor images,
        IReadOnlyList<string>? captions = null,
        int? columns = null,
        int scale = 1,
        int padding = 2,
        string? title = null,
        (double Min, double Max)? range = null,
        bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (count, channels, height, width) = ReadShape(images);
        if (captions is not null && captions.Count != count)
            throw new ArgumentException($"Expected one caption per image: {count} images but {captions.Count} captions.", nameof(captions));
        if (columns is < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one column is needed.");
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (range is { } bounds && !(double.IsFinite(bounds.Min) && double.IsFinite(bounds.Max) && bounds.Min < bounds.Max))
            throw new ArgumentException($"The value range must have finite bounds with Min < Max, got ({bounds.Min}, {bounds.Max}).", nameof(range));
        if (range is not null && normalize)
            throw new ArgumentException("Give either a value range or normalize: true, not both.", nameof(normalize));
        if ((long)count * height * width * scale * scale > MaxTilePixels)
            throw new ArgumentException(
                $"{count} images of {height}×{width} at scale {scale} would make a grid of over {MaxTilePixels / 1_000_000} million pixels; show fewer images or a smaller scale.",
                nameof(scale));

        var pixels = ToBytes(images, count, channels, height, width, range, normalize);
        var tiles = new Tiles(count, channels, height, width, pixels);
        _png = Render(tiles, captions, Math.Min(columns ?? DefaultColumns, count), scale, padding, title);
        _description = title ?? $"{count} images";
    }

    /// <summary>The grid as PNG file bytes.</summary>
    public byte[] ToPng() => (byte[])_png.Clone();

    /// <summary>An HTML <c>img</c> element with the PNG inlined as a base64 data URI.</summary>
    public string ToHtml() =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(_png)}\" alt=\"{HtmlText.Encode(_description)}\" />";

    /// <summary>Saves the grid as a PNG file, atomically (a reader never sees a partial file).</summary>
    /// <param name="path">Destination ending in <c>.png</c>; missing directories are created.</param>
    /// <exception cref="ArgumentException">The path does not end in <c>.png</c>.</exception>
    public void Save(string path)
    {
        AtomicFile.RequireExtension(path, ".png", nameof(ImageGrid));
        AtomicFile.WriteAllBytes(path, _png);
    }

    /// <inheritdoc />
    public override string ToString() => $"ImageGrid: {_description}";

    private readonly record struct Tiles(int Count, int Channels, int Height, int Width, byte[] Pixels);

    private static (int Count, int Channels, int Height, int Width) ReadShape(Tensor images)
    {
        var shape = images.shape;
        var shown = $"[{string.Join(", ", shape)}]";
        var (count, channels, height, width) = shape.Length switch
        {
            4 => (shape[0], shape[1], shape[2], shape[3]),
            3 when shape[0] == 3 => (1, 3, shape[1], shape[2]),
            3 => (shape[0], 1, shape[1], shape[2]),
            2 => (1, 1, shape[0], shape[1]),
            _ => throw new ArgumentException(
                $"ImageGrid expects images shaped [N, C, H, W], [N, H, W], [C, H, W] or [H, W], got a {shape.Length}-D tensor {shown}.", nameof(images)),
        };
        if (channels is not (1 or 3))
        {
            var hint = shape[^1] is 1 or 3 ? " It looks channels-last: use images.permute(0, 3, 1, 2)." : "";
            throw new ArgumentException(
                $"ImageGrid expects [N, C, H, W] with C = 1 (grayscale) or 3 (RGB) channels, got {shown} (C = {channels}).{hint}", nameof(images));
        }
        if (count == 0 || height == 0 || width == 0)
            throw new ArgumentException($"ImageGrid needs at least one image of at least 1×1 pixel, got {shown}.", nameof(images));
        if (!images.is_floating_point() && images.dtype != ScalarType.Byte)
            throw new ArgumentException(
                $"ImageGrid expects a floating-point tensor (values in [0, 1] by default) or a byte tensor (0–255), got {images.dtype}.", nameof(images));
        return ((int)count, (int)channels, (int)height, (int)width);
    }

    /// <summary>Maps the values to 0–255 bytes, laid out [N, C, H, W].</summary>
    private static byte[] ToBytes(Tensor images, int count, int channels, int height, int width, (double Min, double Max)? range, bool normalize)
    {
        using var scope = torch.NewDisposeScope();
        var x = images.detach().cpu().to(ScalarType.Float64).reshape(count, channels, height, width);
        Tensor scaled;
        if (normalize)
        {
            var flat = x.reshape(count, -1);
            var low = flat.amin(1).reshape(count, 1, 1, 1);
            var high = flat.amax(1).reshape(count, 1, 1, 1);
            // A constant image has no range to stretch; it is drawn black rather than dividing by zero.
            scaled = (x - low) / (high - low).clamp_min(1e-12);
        }
        else
        {
            var (min, max) = range ?? (images.dtype == ScalarType.Byte ? (0, 255) : (0, 1));
            scaled = (x - min) / (max - min);
        }
        // Same rounding as torchvision's save_image: scale, add 0.5, clip, truncate.
        return (scaled.nan_to_num(0) * 255 + 0.5).clamp(0, 255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
    }

    private static byte[] Render(Tiles tiles, IReadOnlyList<string>? captions, int columns, int scale, int padding, string? title)
    {
        using var captionFont = captions is null ? null : CreateFont(CaptionFontSize);
        using var titleFont = title is null ? null : CreateFont(TitleFontSize, bold: true);

        var tileWidth = tiles.Width * scale;
        var tileHeight = tiles.Height * scale;
        var captionTexts = captions?.Select(c => Fit(c ?? "", captionFont!, Math.Max(tileWidth, MaxCaptionWidth))).ToArray();
        var captionWidth = captionTexts?.Max(text => (int)Math.Ceiling(captionFont!.MeasureText(text))) ?? 0;
        var captionBand = captionFont is null ? 0 : CaptionGap + (int)Math.Ceiling(captionFont.Spacing);
        var cellWidth = captionTexts is null ? tileWidth : Math.Max(tileWidth, captionWidth + CaptionSpacing);
        var cellHeight = tileHeight + captionBand;
        var rows = (tiles.Count + columns - 1) / columns;
        var gridWidth = columns * cellWidth + (columns + 1) * padding;
        var gridHeight = rows * cellHeight + (rows + 1) * padding;
        var titleText = title is null ? null : Fit(title, titleFont!, Math.Max(gridWidth, 4 * MaxCaptionWidth));
        var titleWidth = titleText is null ? 0 : (int)Math.Ceiling(titleFont!.MeasureText(titleText)) + 2 * TitleMargin;
        var titleBand = titleFont is null ? 0 : TitleMargin + (int)Math.Ceiling(titleFont.Spacing) + TitleMargin / 2;
        var width = Math.Max(gridWidth, titleWidth);
        var height = titleBand + gridHeight;
        var gridLeft = (width - gridWidth) / 2;

        // Tiles are written pixel by pixel so the PNG holds exactly the tensor's values, with no resampling filter.
        var rgba = new byte[width * height * 4];
        rgba.AsSpan().Fill(0xFF);   // opaque white background
        for (var i = 0; i < tiles.Count; i++)
        {
            var (left, top) = CellOrigin(i, columns, gridLeft, titleBand, padding, cellWidth, cellHeight);
            CopyTile(tiles, i, scale, rgba, width, left + (cellWidth - tileWidth) / 2, top);
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            Marshal.Copy(rgba, y * width * 4, bitmap.GetPixels() + y * bitmap.RowBytes, width * 4);

        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = TextColor, IsAntialias = true })
        {
            if (titleText is not null)
                canvas.DrawText(titleText, width / 2f, TitleMargin - titleFont!.Metrics.Ascent, SKTextAlign.Center, titleFont, paint);
            for (var i = 0; captionTexts is not null && i < tiles.Count; i++)
            {
                var (left, top) = CellOrigin(i, columns, gridLeft, titleBand, padding, cellWidth, cellHeight);
                var baseline = top + tileHeight + CaptionGap - captionFont!.Metrics.Ascent;
                canvas.DrawText(captionTexts[i], left + cellWidth / 2f, baseline, SKTextAlign.Center, captionFont, paint);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static (int Left, int Top) CellOrigin(int index, int columns, int gridLeft, int gridTop, int padding, int cellWidth, int cellHeight) =>
        (gridLeft + padding + index % columns * (cellWidth + padding), gridTop + padding + index / columns * (cellHeight + padding));

    private static void CopyTile(Tiles tiles, int index, int scale, byte[] rgba, int stride, int left, int top)
    {
        var plane = tiles.Height * tiles.Width;
        var first = index * tiles.Channels * plane;
        for (var y = 0; y < tiles.Height * scale; y++)
        {
            var sourceRow = first + y / scale * tiles.Width;
            for (var x = 0; x < tiles.Width * scale; x++)
            {
                var source = sourceRow + x / scale;
                var target = ((top + y) * stride + left + x) * 4;
                for (var channel = 0; channel < 3; channel++)
                    rgba[target + channel] = tiles.Pixels[source + (tiles.Channels == 3 ? channel * plane : 0)];
            }
        }
    }

    private static SKFont CreateFont(float size, bool bold = false) =>
        new(GridFont.Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true, Embolden = bold };

    /// <summary>The text, shortened with an ellipsis if it is wider than <paramref name="maxWidth"/> pixels.</summary>
    private static string Fit(string text, SKFont font, int maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth)
            return text;
        var elements = new StringInfo(text);
        for (var length = elements.LengthInTextElements - 1; length > 0; length--)
        {
            var shortened = elements.SubstringByTextElements(0, length).TrimEnd() + "…";
            if (font.MeasureText(shortened) <= maxWidth)
                return shortened;
        }
        return "…";
    }
}
