using System.Text.RegularExpressions;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The <c>#r "path.dll"</c> lines of a notebook, whose relative paths start at the notebook's folder: rewritten when a
/// notebook is written elsewhere (the student's copy) or run from elsewhere (the grader's temporary folder).
/// </summary>
public static partial class References
{
    [GeneratedRegex("""^(?<lead>\s*#r\s+")(?<path>[^"]+)(?<tail>"\s*)$""")]
    private static partial Regex FileReference();

    /// <summary>
    /// The text with each relative assembly path, which was relative to <paramref name="fromDirectory"/>, made relative to
    /// <paramref name="toDirectory"/> (or absolute when that is null). <c>nuget:</c> references are left alone.
    /// </summary>
    public static string Rebase(string source, string fromDirectory, string? toDirectory) =>
        Map(source, path =>
        {
            if (Path.IsPathRooted(path))
                return path;
            var absolute = Path.GetFullPath(path, fromDirectory);
            return toDirectory is null ? absolute : Path.GetRelativePath(Path.GetFullPath(toDirectory), absolute).Replace('\\', '/');
        });

    /// <summary>The text with each assembly path reduced to its file name: what stays the same wherever the notebook is.</summary>
    public static string Normalize(string source) => Map(source, Path.GetFileName);

    /// <summary>The assembly paths of the <c>#r "path.dll"</c> lines, as written.</summary>
    public static IReadOnlyList<string> Paths(string source)
    {
        var paths = new List<string>();
        Map(source, path =>
        {
            paths.Add(path);
            return path;
        });
        return paths;
    }

    private static string Map(string source, Func<string, string> map)
    {
        if (!source.Contains("#r", StringComparison.Ordinal))
            return source;
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var match = FileReference().Match(line);
            if (!match.Success || match.Groups["path"].Value.TrimStart().StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                continue;
            lines[i] = match.Groups["lead"].Value + map(match.Groups["path"].Value) + match.Groups["tail"].Value + lines[i][line.Length..];
        }
        return string.Join('\n', lines);
    }
}
