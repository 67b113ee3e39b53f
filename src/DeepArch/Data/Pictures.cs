using SkiaSharp;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>A picture committed under <c>datasets/pictures/</c>, with where it comes from and its licence.</summary>
/// <param name="Name">Name to load it by.</param>
/// <param name="File">File name under <c>datasets/pictures/</c>.</param>
/// <param name="Description">What it shows, in French (for captions).</param>
/// <param name="Source">Where the original comes from.</param>
/// <param name="Licence">Its licence.</param>
public sealed record PictureEntry(string Name, string File, string Description, string Source, string Licence);

/// <summary>
/// The few real photographs the course ships (chapter 03b's deep dream, style transfer and classification): small
/// square crops of scikit-image's public-domain sample images, as Debian's <c>python3-skimage</c> 0.19.3 ships them.
/// See <c>datasets/README.md</c> for sizes and checksums.
/// </summary>
public static class Pictures
{
    /// <summary>The catalogue.</summary>
    public static IReadOnlyList<PictureEntry> All { get; } =
    [
        new("chelsea", "chelsea.png", "Chelsea, une chatte tigrée",
            "scikit-image data/chelsea.png (photograph by Stefan van der Walt)", "CC0 1.0"),
        new("coffee", "coffee.png", "une tasse de café",
            "scikit-image data/coffee.png (photograph by Rachel Michetti, courtesy of Pikolo Espresso Bar)", "CC0 1.0"),
        new("hubble-deep-field", "hubble-deep-field.png", "le champ ultra-profond de Hubble",
            "scikit-image data/hubble_deep_field.jpg (NASA, HubbleSite release 2012-37)", "public domain (NASA)"),
    ];

    /// <summary>
    /// Loads a picture as a tensor <c>[1, 3, size, size]</c> of floats in [0, 1] (RGB), resized from the committed file
    /// when <paramref name="size"/> is given.
    /// </summary>
    /// <param name="name">A name from <see cref="All"/>.</param>
    /// <param name="size">Side in pixels; null for the file's own size.</param>
    /// <param name="folder">The pictures folder; by default <c>datasets/pictures/</c> of this checkout.</param>
    /// <exception cref="ArgumentException">The name is not in the catalogue.</exception>
    /// <exception cref="FileNotFoundException">The file is not there (not a checkout of the course).</exception>
    public static Tensor Load(string name, int? size = null, string? folder = null)
    {
        var entry = All.FirstOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"No picture named '{name}'; the course ships {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
        var path = Path.Combine(folder ?? Folder(), entry.File);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Picture '{name}' is not at {path}: run from a checkout of the course.", path);
        using var bitmap = SKBitmap.Decode(path)
            ?? throw new InvalidDataException($"{path} is not an image SkiaSharp can decode.");
        var (h, w) = (bitmap.Height, bitmap.Width);
        var bytes = new byte[3 * h * w];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var colour = bitmap.GetPixel(x, y);
                bytes[y * w + x] = colour.Red;
                bytes[h * w + y * w + x] = colour.Green;
                bytes[2 * h * w + y * w + x] = colour.Blue;
            }
        using var scope = NewDisposeScope();
        var image = tensor(bytes, [1, 3, h, w]).to(ScalarType.Float32).div(255);   // (1, 3, H, W) in [0, 1]
        if (size is { } side && (side != h || side != w))
            image = nn.functional.interpolate(image, [side, side], mode: InterpolationMode.Bilinear, align_corners: false,
                antialias: true).clamp(0, 1);
        return image.MoveToOuterDisposeScope();
    }

    /// <summary><c>datasets/pictures/</c> of the checkout found upwards from the current folder or the program's.</summary>
    public static string Folder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            if (DataRoot.FindCheckout(start) is { } checkout)
                return Path.Combine(checkout, "datasets", "pictures");
        return Path.Combine(Directory.GetCurrentDirectory(), "datasets", "pictures");
    }
}
