using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// A cell split into its magic commands and its C# code. Magic lines are blanked in <see cref="Code"/> rather than
/// removed, so that compile errors and stack traces keep the line numbers the student sees.
/// </summary>
internal sealed partial class CellDirectives
{
    private CellDirectives(string code, string markdown, IReadOnlyList<string> references, bool time)
    {
        Code = code;
        Markdown = markdown;
        References = references;
        Time = time;
    }

    /// <summary>The C# part of the cell, magic lines and non-C# sections replaced by empty lines.</summary>
    public string Code { get; }

    /// <summary>Text of <c>#!markdown</c> sections, empty when none.</summary>
    public string Markdown { get; }

    /// <summary>Assembly files referenced by <c>#r</c>, resolved.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Whether <c>#!time</c> asked for the cell's wall time.</summary>
    public bool Time { get; }

    /// <summary>The magic commands understood, for error messages.</summary>
    public const string Supported = "#r \"nuget: Name, Version\", #r \"path.dll\", #!csharp, #!markdown, #!time";

    [GeneratedRegex("""^\s*#r\s+"(?<arg>[^"]*)"\s*$""")]
    private static partial Regex ReferenceLine();

    [GeneratedRegex("""^\s*#!(?<name>\S+)(?<rest>.*)$""")]
    private static partial Regex MagicLine();

    /// <summary>Reads the magic commands of a cell; an unknown one or an unresolvable <c>#r</c> throws <see cref="DirectiveException"/>.</summary>
    public static CellDirectives Parse(string source, string baseDirectory, PackageCatalog packages)
    {
        var code = new StringBuilder();
        var markdown = new StringBuilder();
        var references = new List<string>();
        var time = false;
        var inMarkdown = false;
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var newline = i < lines.Length - 1 ? "\n" : "";
            if (MagicLine().Match(line) is { Success: true } magic)
            {
                switch (magic.Groups["name"].Value.ToLowerInvariant())
                {
                    case "csharp" or "c#":
                        inMarkdown = false;
                        break;
                    case "markdown":
                        inMarkdown = true;
                        break;
                    case "time":
                        time = true;
                        break;
                    default:
                        throw new DirectiveException($"Unsupported magic command '#!{magic.Groups["name"].Value}' (line {i + 1}). Supported: {Supported}.");
                }
                code.Append(newline);
                continue;
            }
            if (inMarkdown)
            {
                markdown.Append(line).Append(newline);
                code.Append(newline);
                continue;
            }
            if (ReferenceLine().Match(line) is { Success: true } reference)
            {
                references.AddRange(ResolveReference(reference.Groups["arg"].Value, baseDirectory, packages));
                code.Append(newline);
                continue;
            }
            code.Append(line).Append(newline);
        }
        return new CellDirectives(code.ToString(), markdown.ToString().Trim('\n'), references, time);
    }

    private static IEnumerable<string> ResolveReference(string argument, string baseDirectory, PackageCatalog packages)
    {
        if (argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = argument["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 2 || parts[0].Length == 0)
                throw new DirectiveException($"Cannot read '#r \"{argument}\"': expected #r \"nuget: Name, Version\".");
            return packages.Resolve(parts[0], parts.Length == 2 ? parts[1] : null);
        }

        var path = Path.GetFullPath(argument, baseDirectory);
        var simpleName = Path.GetFileNameWithoutExtension(path);
        if (File.Exists(path))
        {
            try
            {
                simpleName = AssemblyName.GetAssemblyName(path).Name ?? simpleName;
            }
            catch (BadImageFormatException)
            {
                throw new DirectiveException($"'{argument}' ({path}) is not a .NET assembly.");
            }
        }
        // The library the notebook points at is usually the very one the engine was built with: use the engine's
        // copy, so types stay identical and TorchSharp's native setup is not done twice (see README, "First cell").
        if (packages.FindAssembly(simpleName) is { } carried)
            return [carried];
        if (!File.Exists(path))
            throw new DirectiveException($"Cannot find the assembly '{argument}' (looked for {path}).");
        return [path];
    }
}
