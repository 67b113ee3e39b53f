using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// The XML documentation file next to a referenced assembly, so that inspection (Shift+Tab) shows the library's docs.
/// (Roslyn's own file-based provider lives in the Workspaces layer, which the engine does not carry.)
/// </summary>
internal sealed class Documentation : DocumentationProvider
{
    private readonly string _path;
    private readonly Lazy<Dictionary<string, string>> _members;

    private Documentation(string path)
    {
        _path = path;
        _members = new Lazy<Dictionary<string, string>>(() => XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => m.Attribute("name")!.Value)
            .ToDictionary(g => g.Key, g => g.First().ToString()));
    }

    public static DocumentationProvider? For(string assemblyPath)
    {
        var xml = Path.ChangeExtension(assemblyPath, ".xml");
        return File.Exists(xml) ? new Documentation(xml) : null;
    }

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.Value.GetValueOrDefault(documentationMemberID);

    public override bool Equals(object? obj) => obj is Documentation other && other._path == _path;

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);
}
