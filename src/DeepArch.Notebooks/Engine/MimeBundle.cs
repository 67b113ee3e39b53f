using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Engine;

/// <summary>A value formatted for display: one representation per mime type, in the order they were added.</summary>
public sealed class MimeBundle
{
    private readonly List<KeyValuePair<string, JsonNode>> _items = [];

    /// <summary>The mime types present, in insertion order.</summary>
    public IEnumerable<string> MimeTypes => _items.Select(i => i.Key);

    /// <summary>The number of representations.</summary>
    public int Count => _items.Count;

    /// <summary>The representation for a mime type: a string, or a JSON value for JSON mime types; null when absent.</summary>
    public JsonNode? this[string mimeType] => _items.FirstOrDefault(i => i.Key == mimeType).Value;

    /// <summary>The text of a string representation; null when absent.</summary>
    public string? GetText(string mimeType) => this[mimeType] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Adds or replaces a representation. JSON mime types (<c>application/json</c>, <c>*+json</c>) take a parsed JSON value.</summary>
    public void Set(string mimeType, string value) =>
        Set(mimeType, Ipynb.MimeTypes.IsJson(mimeType) ? JsonNode.Parse(value)! : JsonValue.Create(value));

    /// <summary>Adds or replaces a representation given as a JSON value.</summary>
    public void Set(string mimeType, JsonNode value)
    {
        _items.RemoveAll(i => i.Key == mimeType);
        _items.Add(new(mimeType, value));
    }

    /// <summary>Whether a representation for the mime type is present.</summary>
    public bool Contains(string mimeType) => _items.Exists(i => i.Key == mimeType);

    /// <summary>The bundle as the <c>data</c> object of a Jupyter message or notebook output.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var (mime, value) in _items)
            obj[mime] = value.DeepClone();
        return obj;
    }
}
