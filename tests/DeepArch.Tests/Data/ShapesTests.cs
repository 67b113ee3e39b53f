using DeepArch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class ShapesTests
{
    // Reference colours written independently of the generator's palette: any reasonable rendering of each named
    // colour is nearer to its own reference than to the others.
    private static readonly Dictionary<string, (int R, int G, int B)> NamedColours = new()
    {
        ["rouge"] = (255, 0, 0), ["vert"] = (0, 160, 0), ["bleu"] = (0, 0, 255),
        ["jaune"] = (255, 230, 0), ["violet"] = (128, 0, 200), ["orange"] = (255, 150, 0),
    };

    [Fact]
    public void TheSameSeedGivesTheSameBytesAndAnotherSeedOtherImages()
    {
        using var a = Shapes.Generate(40, size: 32, seed: 11, noise: 0.05, occlusion: 0.5);
        using var b = Shapes.Generate(40, size: 32, seed: 11, noise: 0.05, occlusion: 0.5);
        using var c = Shapes.Generate(40, size: 32, seed: 12, noise: 0.05, occlusion: 0.5);

        Assert.Equal(a.Images.Pixels.bytes.ToArray(), b.Images.Pixels.bytes.ToArray());
        Assert.Equal(a.Masks.bytes.ToArray(), b.Masks.bytes.ToArray());
        Assert.Equal(a.Images.Labels.data<long>().ToArray(), b.Images.Labels.data<long>().ToArray());
        Assert.Equal(a.Colors.data<long>().ToArray(), b.Colors.data<long>().ToArray());
        Assert.Equal(a.Captions, b.Captions);
        Assert.NotEqual(a.Images.Pixels.bytes.ToArray(), c.Images.Pixels.bytes.ToArray());
    }

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void MaskAreaMatchesTheShapesGeometricArea(int size)
    {
        using var shapes = Shapes.Generate(100, size, seed: 5);

        for (var i = 0; i < shapes.Count; i++)
        {
            var spec = shapes.Specs[i];
            var r = spec.Radius;
            var expected = Shapes.ShapeNames[spec.Shape] switch
            {
                "cercle" => Math.PI * r * r,
                "carré" => 2.0 * r * r,                                    // diagonal 2r
                "triangle" => 3 * Math.Sqrt(3) / 4 * r * r,                // equilateral, circumradius r
                "étoile" => 5 * r * (0.45 * r) * Math.Sin(Math.PI / 5),    // ten triangles between radii r and 0.45r
                "losange" => 2 * r * (0.6 * r),                            // half-diagonals r and 0.6r
                var name => throw new InvalidOperationException(name),
            };
            using var mask = shapes.Masks[i];
            var area = mask.gt(0).sum().item<long>();
            // Anti-aliased edges thresholded at half coverage: the relative error shrinks as shapes get more pixels
            // (measured worst over 500 shapes: 8.8 % at 28 px, 4.7 % at 64 px).
            var tolerance = size >= 64 ? 0.06 : 0.10;
            Assert.InRange(area, expected * (1 - tolerance), expected * (1 + tolerance));
            Assert.Equal(spec.Shape + 1, mask.max().item<byte>());
        }
    }

    [Fact]
    public void MaskPixelsShowTheLabelledColourAndBackgroundPixelsAreBlack()
    {
        using var shapes = Shapes.Generate(60, size: 32, seed: 6);

        for (var i = 0; i < shapes.Count; i++)
        {
            using var image = shapes.Images.Pixels[i].to_type(ScalarType.Int32);   // [3, H, W]
            using var inside = shapes.Masks[i].gt(0);                              // [H, W]
            using var outside = inside.logical_not();
            var mean = Enumerable.Range(0, 3).Select(c =>
            {
                using var channel = image[c];
                using var values = channel.masked_select(inside).to_type(ScalarType.Float64);
                return values.mean().item<double>();
            }).ToArray();
            var nearest = NamedColours.MinBy(named =>
                Math.Pow(named.Value.R - mean[0], 2) + Math.Pow(named.Value.G - mean[1], 2) + Math.Pow(named.Value.B - mean[2], 2)).Key;
            Assert.Equal(Shapes.ColorNames[(int)shapes.Colors[i].item<long>()], nearest);
            // Far from the shape (not just outside its half-covered edge pixels) the image is black.
            using var dilated = nn.functional.max_pool2d(inside.to_type(ScalarType.Float32).unsqueeze(0), 5, 1, 2).squeeze(0).gt(0);
            using var far = dilated.logical_not();
            using var farPixels = image.masked_select(far.unsqueeze(0).expand(3, -1, -1));
            Assert.Equal(0, farPixels.numel() == 0 ? 0 : farPixels.max().item<int>());
        }
    }

    [Fact]
    public void CaptionsNameTheShapeAndTheColourInAgreement()
    {
        var feminine = new Dictionary<string, string>
        {
            ["rouge"] = "rouge", ["vert"] = "verte", ["bleu"] = "bleue", ["jaune"] = "jaune", ["violet"] = "violette", ["orange"] = "orange",
        };
        using var shapes = Shapes.Generate(80, seed: 7);

        for (var i = 0; i < shapes.Count; i++)
        {
            var shape = Shapes.ShapeNames[(int)shapes.Images.Labels[i].item<long>()];
            var colour = Shapes.ColorNames[(int)shapes.Colors[i].item<long>()];
            Assert.Equal($"{shape} {(shape == "étoile" ? feminine[colour] : colour)}", shapes.Captions[i]);
        }
        Assert.Contains("étoile verte", Shapes.Generate(300, seed: 8).Captions);
    }

    [Fact]
    public void GrayscaleImagesAreTheLuminanceOfTheColourImages()
    {
        using var colour = Shapes.Generate(10, size: 28, seed: 9);
        using var gray = Shapes.Generate(10, size: 28, seed: 9, grayscale: true);

        using var rgb = colour.Images.Pixels.to_type(ScalarType.Float64);
        using var weights = tensor(new[] { 0.299, 0.587, 0.114 }).view(1, 3, 1, 1);
        using var luminance = rgb.mul(weights).sum(1, keepdim: true);
        using var difference = luminance.sub(gray.Images.Pixels.to_type(ScalarType.Float64)).abs();

        Assert.Equal([10L, 1, 28, 28], gray.Images.Pixels.shape);
        Assert.True(difference.max().item<double>() <= 0.5 + 1e-9);
        Assert.Equal(colour.Masks.bytes.ToArray(), gray.Masks.bytes.ToArray());
    }

    [Fact]
    public void AnOccluderHidesPartOfTheMaskAndItsPixelsAreGrey()
    {
        using var clear = Shapes.Generate(50, size: 64, seed: 10);
        using var occluded = Shapes.Generate(50, size: 64, seed: 10, occlusion: 1);

        var smaller = 0;
        for (var i = 0; i < 50; i++)
        {
            using var clearArea = clear.Masks[i].gt(0).sum();
            using var occludedArea = occluded.Masks[i].gt(0).sum();
            Assert.True(occludedArea.item<long>() <= clearArea.item<long>());
            Assert.True(occludedArea.item<long>() > 0);
            smaller += occludedArea.item<long>() < clearArea.item<long>() ? 1 : 0;
        }
        Assert.True(smaller >= 45, $"only {smaller} of 50 occluders hid part of their shape");
        // Pixels that lost their mask to the occluder are mid-grey (128, 128, 128) where fully covered.
        using var lost = clear.Masks.gt(0).logical_and(occluded.Masks.eq(0));           // [N, H, W]
        using var grey = occluded.Images.Pixels.eq(128).all(1);                          // [N, H, W]
        using var lostAndGrey = lost.logical_and(grey).sum();
        using var lostCount = lost.sum();
        Assert.True(lostAndGrey.item<long>() > 0.8 * lostCount.item<long>());
    }

    [Fact]
    public void NoiseChangesPixelsButNotLabelsOrMasks()
    {
        using var clean = Shapes.Generate(20, seed: 13);
        using var noisy = Shapes.Generate(20, seed: 13, noise: 0.1);

        using var difference = clean.Images.Pixels.to_type(ScalarType.Float32).sub(noisy.Images.Pixels.to_type(ScalarType.Float32));
        Assert.Equal(clean.Masks.bytes.ToArray(), noisy.Masks.bytes.ToArray());
        Assert.Equal(clean.Captions, noisy.Captions);
        // σ = 0.1 of 255, clipped at 0 on the black background: the spread is clearly non-zero but below σ.
        var spread = difference.std().item<float>();
        Assert.InRange(spread, 10f, 25.5f);
    }
}
