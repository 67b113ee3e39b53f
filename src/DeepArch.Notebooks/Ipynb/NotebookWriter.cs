using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Ipynb;

/// <summary>
/// Writes nbformat JSON the way Jupyter's writer does (sorted keys, one-space indent, non-ASCII kept as is,
/// multi-line strings as arrays of lines that keep their line ends), so a notebook saved by Jupyter and
/// re-saved here differs only where its content changed.
/// </summary>
internal static class NotebookWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(Notebook notebook)
    {
        var root = new JsonObject();
        foreach (var (key, value) in notebook.Extra)
            root[key] = value?.DeepClone();
        root["cells"] = new JsonArray(notebook.Cells.Select(CellToJson).ToArray<JsonNode?>());
        root["metadata"] = notebook.Metadata.DeepClone();
        root["nbformat"] = Notebook.FormatMajor;
        root["nbformat_minor"] = notebook.FormatMinor;

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            WriteSorted(writer, root);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static JsonObject CellToJson(NotebookCell cell)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in cell.Extra)
            obj[key] = value?.DeepClone();
        obj["cell_type"] = cell.CellType;
        if (cell.Id is not null)
            obj["id"] = cell.Id;
        obj["metadata"] = cell.Metadata.DeepClone();
        obj["source"] = SplitLines(cell.Source);
        if (cell.Attachments is not null)
        {
            var attachments = new JsonObject();
            foreach (var (name, bundle) in cell.Attachments)
                attachments[name] = bundle is JsonObject b ? SplitBundle(b) : bundle?.DeepClone();
            obj["attachments"] = attachments;
        }
        if (cell.IsCode)
        {
            obj["execution_count"] = cell.ExecutionCount;
            obj["outputs"] = new JsonArray(cell.Outputs.Select(OutputToJson).ToArray<JsonNode?>());
        }
        return obj;
    }

    private static JsonObject OutputToJson(JsonObject output)
    {
        var copy = (JsonObject)output.DeepClone();
        if (copy["text"] is JsonValue text && text.TryGetValue<string>(out var s) && (string?)copy["output_type"] == "stream")
            copy["text"] = SplitLines(s);
        if (copy["data"] is JsonObject data)
            copy["data"] = SplitBundle(data);
        return copy;
    }

    private static JsonObject SplitBundle(JsonObject bundle)
    {
        var copy = new JsonObject();
        foreach (var (mime, value) in bundle)
        {
            copy[mime] = MimeTypes.IsSplitIntoLines(mime) && value is JsonValue v && v.TryGetValue<string>(out var s)
                ? SplitLines(s)
                : value?.DeepClone();
        }
        return copy;
    }

    /// <summary>Splits after each line end, keeping it, like Python's <c>str.splitlines(keepends=True)</c> on notebook text.</summary>
    internal static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
            lines.Add(text[start..]);
        return lines;
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
