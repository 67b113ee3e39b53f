using SkiaSharp;

namespace DeepArch.Display;

/// <summary>
/// The typeface for captions and titles. SkiaSharp's Linux "NoDependencies" native build has no font manager
/// (the default typeface has no glyphs), so on Linux a TrueType file is looked up in the usual font directories.
/// </summary>
internal static class GridFont
{
    // Sans-serif faces common on Linux distributions and containers, best first.
    private static readonly string[] PreferredFiles =
        ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "Ubuntu-R.ttf", "Arial.ttf"];

    private static readonly Lazy<SKTypeface?> Resolved = new(Resolve);

    /// <summary>The typeface to draw text with.</summary>
    /// <exception cref="InvalidOperationException">No usable font is installed.</exception>
    public static SKTypeface Typeface => Resolved.Value ?? throw new InvalidOperationException(
        "Drawing captions or a title needs a TrueType font, and none was found in the usual font directories "
        + "(/usr/share/fonts, ~/.local/share/fonts). Install one, e.g. 'sudo apt-get install fonts-dejavu-core', "
        + "or leave out the captions and title.");

    private static SKTypeface? Resolve()
    {
        if (SKTypeface.Default.GlyphCount > 0)
            return SKTypeface.Default;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var files = new[] { "/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts") }
            .Where(Directory.Exists)
            .SelectMany(directory => Directory.EnumerateFiles(directory, "*.ttf", SearchOption.AllDirectories))
            .OrderBy(Rank)
            .ThenBy(file => file, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var typeface = SKTypeface.FromFile(file);
            if (typeface is null)
                continue;
            using var font = new SKFont(typeface);
            // Captions are French: a face without accented letters would draw boxes.
            if (typeface.GlyphCount > 0 && font.ContainsGlyphs("aéèàçÉ…"))
                return typeface;
            typeface.Dispose();
        }
        return null;
    }

    private static int Rank(string file)
    {
        var name = Path.GetFileName(file);
        var preferred = Array.IndexOf(PreferredFiles, name);
        if (preferred >= 0)
            return preferred;
        var plainSans = name.Contains("Sans", StringComparison.OrdinalIgnoreCase)
            && !new[] { "Mono", "Bold", "Italic", "Oblique", "Condensed", "Light" }.Any(style => name.Contains(style, StringComparison.OrdinalIgnoreCase));
        return plainSans ? PreferredFiles.Length : PreferredFiles.Length + 1;
    }
}
