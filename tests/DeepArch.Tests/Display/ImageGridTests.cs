using DeepArch.Display;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Display;

public sealed class ImageGridTests
{
    private static readonly SKColor White = new(255, 255, 255);

    [Fact]
    public void GrayImagesDecodeToTheirExactPixelsAtScale1()
    {
        // Two 2×3 grayscale images whose values are exact multiples of 1/255.
        byte[][] levels = [[0, 51, 102, 153, 204, 255], [10, 20, 30, 40, 50, 60]];
        using var images = tensor(levels.SelectMany(l => l).Select(v => v / 255f).ToArray(), new long[] { 2, 1, 2, 3 });

        var png = Decode(new ImageGrid(images, padding: 2).ToPng());

        // Hand-derived layout: width 2·3 + 3·2 = 12, height 2 + 2·2 = 6; tiles at (2, 2) and (7, 2).
        var expected = Blank(12, 6);
        PaintGray(expected, levels[0], width: 3, left: 2, top: 2, scale: 1);
        PaintGray(expected, levels[1], width: 3, left: 7, top: 2, scale: 1);
        AssertPixels(expected, png);
    }

    [Fact]
    public void ColourBytesAtScale2FillTwoRowsOfTiles()
    {
        // Three 2×2 RGB byte images, [N, C, H, W], two per row.
        var values = new byte[3 * 3 * 2 * 2];
        for (var i = 0; i < values.Length; i++)
            values[i] = (byte)(i * 7 % 256);
        using var images = tensor(values, new long[] { 3, 3, 2, 2 });

        var png = Decode(new ImageGrid(images, columns: 2, scale: 2, padding: 1).ToPng());

        // Tiles are 4×4; width 2·4 + 3·1 = 11, height the same; tiles at (1, 1), (6, 1), (1, 6); (6, 6) stays white.
        var expected = Blank(11, 11);
        (int Left, int Top)[] origins = [(1, 1), (6, 1), (1, 6)];
        for (var n = 0; n < 3; n++)
            for (var y = 0; y < 4; y++)
                for (var x = 0; x < 4; x++)
                {
                    int Channel(int c) => values[((n * 3 + c) * 2 + y / 2) * 2 + x / 2];
                    expected[origins[n].Left + x, origins[n].Top + y] = new SKColor((byte)Channel(0), (byte)Channel(1), (byte)Channel(2));
                }
        AssertPixels(expected, png);
    }

    [Fact]
    public void ThreeDimensionalTensorsAreGrayBatchesUnlessTheFirstDimensionIs3()
    {
        using var grayBatch = ones(2, 4, 5);
        using var rgb = zeros(3, 4, 5);
        using (var red = rgb[0])
            red.fill_(1);

        var batch = Decode(new ImageGrid(grayBatch, padding: 0).ToPng());
        var single = Decode(new ImageGrid(rgb, padding: 0).ToPng());

        Assert.Equal((10, 4), (batch.Width, batch.Height));
        Assert.Equal((5, 4), (single.Width, single.Height));
        Assert.Equal(new SKColor(255, 0, 0), single.GetPixel(2, 2));
    }

    [Fact]
    public void ARangeMapsItsBoundsToBlackAndWhite()
    {
        using var image = tensor(new[] { -1f, 0f, 1f, 3f }, new long[] { 1, 4 });

        var png = Decode(new ImageGrid(image, padding: 0, range: (-1, 1)).ToPng());

        // (v + 1) / 2 · 255, rounded half up, clipped: 0, 127.5 → 128, 255, 765 → 255.
        Assert.Equal(new[] { 0, 128, 255, 255 }, Enumerable.Range(0, 4).Select(x => (int)png.GetPixel(x, 0).Red));
    }

    [Fact]
    public void NormalizeStretchesEachImageOnItsOwn()
    {
        using var images = tensor(new[] { 2f, 4f, 6f, 10f, 10f, 10f }, new long[] { 2, 1, 1, 3 });

        var png = Decode(new ImageGrid(images, padding: 0, normalize: true).ToPng());

        // First image: (v − 2) / 4 · 255 → 0, 127.5 → 128, 255; the constant second image is drawn black.
        Assert.Equal(new[] { 0, 128, 255, 0, 0, 0 }, Enumerable.Range(0, 6).Select(x => (int)png.GetPixel(x, 0).Red));
    }

    [Fact]
    public void FloatValuesOutsideZeroOneAreClipped()
    {
        using var image = tensor(new[] { -0.5f, 1.5f }, new long[] { 1, 2 });

        var png = Decode(new ImageGrid(image, padding: 0).ToPng());

        Assert.Equal((0, 255), (png.GetPixel(0, 0).Red, png.GetPixel(1, 0).Red));
    }

    [Fact]
    public void CaptionsAddABandUnderTheTilesWithoutTouchingThem()
    {
        using var images = rand(new long[] { 3, 1, 8, 8 }, generator: new Generator(7));
        var plain = Decode(new ImageGrid(images, scale: 12, columns: 3).ToPng());
        var captioned = Decode(new ImageGrid(images, ["chat", "é", "cœur"], scale: 12, columns: 3).ToPng());

        // 96 px tiles are wider than these captions, so the columns keep their width and the tiles their place.
        Assert.Equal(plain.Width, captioned.Width);
        Assert.True(captioned.Height > plain.Height + 10, $"captions should add a text band: {plain.Height} → {captioned.Height}");
        for (var y = 0; y < plain.Height - 2; y++)
            for (var x = 0; x < plain.Width; x++)
                Assert.Equal(plain.GetPixel(x, y), captioned.GetPixel(x, y));
        var band = Enumerable.Range(plain.Height, captioned.Height - plain.Height);
        for (var tile = 0; tile < 3; tile++)
        {
            var left = 2 + tile * (96 + 2);
            var inked = band.Sum(y => Enumerable.Range(left, 96).Count(x => captioned.GetPixel(x, y).Red < 128));
            Assert.True(inked > 5, $"caption {tile} should be drawn under its tile");
        }
    }

    [Fact]
    public void CaptionsWiderThanSmallTilesWidenTheCellsAndLeaveTheTilesWhole()
    {
        // Pure red tiles: a colour that anti-aliased gray text never produces.
        using var images = zeros(4, 3, 28, 28);
        using (var red = images[TensorIndex.Colon, 0])
            red.fill_(1);
        var captions = Enumerable.Range(0, 4).Select(i => $"étiquette : {i}").ToList();

        var plain = Decode(new ImageGrid(images).ToPng());
        var captioned = Decode(new ImageGrid(images, captions).ToPng());

        Assert.True(captioned.Width > plain.Width);
        Assert.Equal(4 * 28 * 28, CountPixels(captioned, new SKColor(255, 0, 0)));
    }

    [Fact]
    public void ATitleSitsAboveTheGrid()
    {
        using var images = zeros(2, 1, 10, 10);
        var plain = Decode(new ImageGrid(images, scale: 4).ToPng());
        var titled = Decode(new ImageGrid(images, scale: 4, title: "Échantillons générés").ToPng());

        var titleBand = titled.Height - plain.Height;
        Assert.True(titleBand > 10);
        Assert.True(Enumerable.Range(0, titleBand).Sum(y => Enumerable.Range(0, titled.Width).Count(x => titled.GetPixel(x, y).Red < 128)) > 20);
        Assert.Equal(plain.GetPixel(plain.Width / 2, plain.Height / 2), titled.GetPixel(titled.Width / 2, titleBand + plain.Height / 2));
    }

    [Fact]
    public void LongCaptionsAreShortenedRatherThanWideningTheGrid()
    {
        using var images = zeros(2, 1, 28, 28);
        var shortOnes = Decode(new ImageGrid(images, ["a", "b"]).ToPng());
        var longOnes = Decode(new ImageGrid(images, [new string('x', 500), "b"]).ToPng());

        Assert.InRange(longOnes.Width, shortOnes.Width, 2 * 200);
    }

    [Theory]
    [InlineData(new long[] { 2, 4, 5, 5 }, "C = 1 (grayscale) or 3 (RGB)")]
    [InlineData(new long[] { 2, 5, 5, 3 }, "images.permute(0, 3, 1, 2)")]
    [InlineData(new long[] { 1, 2, 1, 5, 5 }, "got a 5-D tensor [1, 2, 1, 5, 5]")]
    [InlineData(new long[] { 7 }, "[N, C, H, W], [N, H, W], [C, H, W] or [H, W]")]
    [InlineData(new long[] { 0, 1, 5, 5 }, "at least one image")]
    public void BadShapesAreExplained(long[] shape, string expected)
    {
        using var images = zeros(shape);
        var error = Assert.Throws<ArgumentException>(() => new ImageGrid(images));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"[{string.Join(", ", shape)}]", error.Message);
    }

    [Fact]
    public void IntegerTensorsAreRejectedWithTheirType()
    {
        using var images = zeros(new long[] { 2, 5, 5 }, dtype: ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => new ImageGrid(images));
        Assert.Contains("Int64", error.Message);
    }

    [Fact]
    public void CaptionCountMustMatchTheImages()
    {
        using var images = zeros(3, 1, 4, 4);
        var error = Assert.Throws<ArgumentException>(() => new ImageGrid(images, ["un", "deux"]));
        Assert.Contains("3 images but 2 captions", error.Message);
    }

    [Fact]
    public void RangeAndNormalizeCannotBeCombined()
    {
        using var images = zeros(1, 1, 4, 4);
        Assert.Throws<ArgumentException>(() => new ImageGrid(images, range: (-1, 1), normalize: true));
        Assert.Throws<ArgumentException>(() => new ImageGrid(images, range: (1, 1)));
    }

    [Fact]
    public void ConstructionLeavesNoLiveTensors()
    {
        using var images = rand(new long[] { 8, 3, 6, 6 }, requires_grad: true);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        _ = new ImageGrid(images, normalize: true);
        _ = new ImageGrid(images, range: (0, 2));

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void TheGridOutlivesItsTensor()
    {
        var images = ones(1, 1, 3, 3);
        var grid = new ImageGrid(images, padding: 0);
        images.Dispose();

        Assert.Equal(new SKColor(255, 255, 255), Decode(grid.ToPng()).GetPixel(1, 1));
    }

    [Fact]
    public void HtmlIsAnImgWithThePngInlined()
    {
        using var images = zeros(1, 1, 4, 4);
        var grid = new ImageGrid(images, title: "Bruit & signal");

        var html = grid.ToHtml();

        const string prefix = "<img src=\"data:image/png;base64,";
        Assert.StartsWith(prefix, html);
        var base64 = html[prefix.Length..html.IndexOf('"', prefix.Length)];
        Assert.Equal(grid.ToPng(), Convert.FromBase64String(base64));
        Assert.Contains("alt=\"Bruit &amp; signal\"", html);
    }

    [Fact]
    public void SaveWritesTheCompletePngAndNothingElse()
    {
        using var directory = new TemporaryDirectory();
        using var images = rand(4, 1, 5, 5);
        var grid = new ImageGrid(images);
        var path = Path.Combine(directory.Path, "figures", "grid.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "an older, shorter file");

        grid.Save(path);

        Assert.Equal(grid.ToPng(), File.ReadAllBytes(path));
        Assert.Equal(new[] { "grid.png" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailedSaveLeavesNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        using var images = zeros(1, 1, 2, 2);
        var target = Path.Combine(directory.Path, "taken.png");
        Directory.CreateDirectory(target);   // a directory where the file should go makes the final rename fail

        Assert.ThrowsAny<IOException>(() => new ImageGrid(images).Save(target));
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void SaveRefusesAPathThatPromisesAnotherFormat()
    {
        using var images = zeros(1, 1, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => new ImageGrid(images).Save("grid.jpg"));
        Assert.Contains(".png", error.Message);
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");

    private static SKColor[,] Blank(int width, int height)
    {
        var pixels = new SKColor[width, height];
        for (var x = 0; x < width; x++)
            for (var y = 0; y < height; y++)
                pixels[x, y] = White;
        return pixels;
    }

    private static void PaintGray(SKColor[,] pixels, byte[] levels, int width, int left, int top, int scale)
    {
        for (var i = 0; i < levels.Length; i++)
            for (var dy = 0; dy < scale; dy++)
                for (var dx = 0; dx < scale; dx++)
                    pixels[left + i % width * scale + dx, top + i / width * scale + dy] = new SKColor(levels[i], levels[i], levels[i]);
    }

    private static void AssertPixels(SKColor[,] expected, SKBitmap actual)
    {
        Assert.Equal((expected.GetLength(0), expected.GetLength(1)), (actual.Width, actual.Height));
        for (var y = 0; y < actual.Height; y++)
            for (var x = 0; x < actual.Width; x++)
                Assert.True(expected[x, y] == actual.GetPixel(x, y), $"pixel ({x}, {y}): expected {expected[x, y]}, got {actual.GetPixel(x, y)}");
    }

    private static int CountPixels(SKBitmap bitmap, SKColor color) =>
        Enumerable.Range(0, bitmap.Height).Sum(y => Enumerable.Range(0, bitmap.Width).Count(x => bitmap.GetPixel(x, y) == color));
}
