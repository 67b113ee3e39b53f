using System.Text.RegularExpressions;

namespace DeepArch.Models;

/// <summary>
/// The names of ImageNet's 1,000 classes, for printing a pretrained network's top-5. The library ships them
/// (<see cref="Shipped"/>: torchvision's own list, <c>_IMAGENET_CATEGORIES</c> of <c>torchvision/models/_meta.py</c>,
/// BSD-3-Clause, taken from Debian's <c>python3-torchvision</c> 0.14.1-2; see <c>datasets/README.md</c>). A list placed in
/// the data root as <c>pretrained/imagenet_classes.txt</c> takes precedence, either one name per line (1,000 lines) or
/// "index, name" lines (the format of <c>imagenet_classes.txt</c> in the pytorch/hub repository).
/// </summary>
public static partial class PretrainedClassNames
{
    /// <summary>The file name looked for in the data root's <c>pretrained/</c> folder.</summary>
    public const string FileName = "imagenet_classes.txt";

    private const string ResourceName = "DeepArch.Models.ImageNetClasses.txt";

    /// <summary>
    /// The 1,000 names in class order: the data root's list when it holds a valid one, the shipped list otherwise
    /// (never null; the nullable type is kept for the callers that pass it to <see cref="Describe"/>).
    /// </summary>
    public static IReadOnlyList<string>? TryLoad(string? root = null)
    {
        var path = Path.Combine(PretrainedWeights.ResNet50.Remote.FolderIn(root), FileName);
        return (File.Exists(path) ? Parse(File.ReadAllLines(path)) : null) ?? Shipped;
    }

    /// <summary>torchvision's 1,000 ImageNet class names in class order (index 258 is "Samoyed"), shipped with the library.</summary>
    public static IReadOnlyList<string> Shipped { get; } = ReadShipped();

    private static IReadOnlyList<string> ReadShipped()
    {
        using var stream = typeof(PretrainedClassNames).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The library was built without its resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Parse(lines) ?? throw new InvalidOperationException($"{ResourceName} does not hold 1,000 class names.");
    }

    /// <summary>Parses a class list (see the type's summary); null unless it names exactly 1,000 classes.</summary>
    public static IReadOnlyList<string>? Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var indexed = new SortedDictionary<int, string>();
        var plain = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            var match = IndexedLine().Match(line);
            if (match.Success)
                indexed[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = match.Groups[2].Value.Replace('_', ' ');
            else
                plain.Add(line.Replace('_', ' '));
        }
        if (indexed.Count == 1000 && indexed.Keys.First() == 0 && indexed.Keys.Last() == 999)
            return [.. indexed.Values];
        return plain.Count == 1000 ? plain : null;
    }

    /// <summary>The name of class <paramref name="index"/>, or "classe N" without a list.</summary>
    public static string Describe(IReadOnlyList<string>? names, int index) =>
        names is not null && index >= 0 && index < names.Count ? names[index] : $"classe {index}";

    [GeneratedRegex(@"^(\d+)\s*,\s*(.+)$")]
    private static partial Regex IndexedLine();
}
