using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Ipynb;

/// <summary>
/// One cell of a notebook. Multi-line strings (source, stream text, text mime data) are held joined;
/// <see cref="Notebook"/> splits them into line arrays again when it writes, as Jupyter does.
/// </summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell of the given type (<c>code</c>, <c>markdown</c> or <c>raw</c>) with a fresh id.</summary>
    public NotebookCell(string cellType, string source)
    {
        CellType = cellType;
        Source = source;
        Id = NewId();
    }

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType { get; }

    /// <summary>The cell id (nbformat 4.5); null only when read from an older file that had none.</summary>
    public string? Id { get; set; }

    /// <summary>The cell's text.</summary>
    public string Source { get; set; }

    /// <summary>Cell metadata, unknown keys included.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>Outputs of a code cell as Jupyter mime-bundle objects (see <see cref="Engine.CellOutput.ToJson"/>).</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>Execution count of a code cell; null when not executed.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Attachments of a markdown or raw cell, when present.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>Keys of the cell object this model has no property for, kept so that writing loses nothing.</summary>
    public JsonObject Extra { get; } = [];

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (<c>metadata.tags</c>).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>Whether the cell carries the tag.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>Adds a tag to <c>metadata.tags</c> unless it is there already.</summary>
    public void AddTag(string tag)
    {
        if (HasTag(tag))
            return;
        if (Metadata["tags"] is not JsonArray tags)
            Metadata["tags"] = tags = [];
        tags.Add(tag);
    }

    /// <summary>A new id in the form Jupyter generates (8 hex characters, unique within a notebook in practice).</summary>
    internal static string NewId() => Guid.NewGuid().ToString("N")[..8];
}
