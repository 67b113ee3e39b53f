using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Ipynb;

/// <summary>Turns nbformat 4 JSON into a <see cref="Notebook"/>, rejecting what Jupyter would reject with a precise reason.</summary>
internal static class NotebookReader
{
    private static readonly string[] CellTypes = ["code", "markdown", "raw"];

    public static Notebook Read(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(source, $"not valid JSON: {e.Message}");
        }
        if (root is not JsonObject obj)
            throw new NotebookFormatException(source, "not a notebook: the top-level JSON value is not an object");

        var major = ReadInt(obj, "nbformat", source, "the notebook");
        if (major != Notebook.FormatMajor)
            throw new NotebookFormatException(source, $"nbformat {major} is not supported (expected {Notebook.FormatMajor})");
        var notebook = new Notebook
        {
            FormatMinor = ReadInt(obj, "nbformat_minor", source, "the notebook"),
            Metadata = obj["metadata"] switch
            {
                JsonObject m => (JsonObject)m.DeepClone(),
                null => throw new NotebookFormatException(source, "missing \"metadata\""),
                _ => throw new NotebookFormatException(source, "\"metadata\" is not an object"),
            },
        };
        if (obj["cells"] is not JsonArray cells)
            throw new NotebookFormatException(source, obj.ContainsKey("cells") ? "\"cells\" is not an array" : "missing \"cells\"");
        for (var i = 0; i < cells.Count; i++)
            notebook.Cells.Add(ReadCell(cells[i], source, i));
        foreach (var (key, value) in obj)
        {
            if (key is not ("nbformat" or "nbformat_minor" or "metadata" or "cells"))
                notebook.Extra[key] = value?.DeepClone();
        }
        return notebook;
    }

    private static NotebookCell ReadCell(JsonNode? node, string source, int index)
    {
        var where = $"cell {index + 1}";
        if (node is not JsonObject obj)
            throw new NotebookFormatException(source, $"{where} is not an object");
        var type = obj["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type is null || !CellTypes.Contains(type))
            throw new NotebookFormatException(source, $"{where} has no valid \"cell_type\" (expected code, markdown or raw)");
        var cell = new NotebookCell(type, ReadMultiline(obj["source"], source, $"{where} \"source\"") ?? throw new NotebookFormatException(source, $"{where} has no \"source\""))
        {
            Id = obj["id"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var id) => id,
                _ => throw new NotebookFormatException(source, $"{where} has an \"id\" that is not a string"),
            },
            Metadata = obj["metadata"] switch
            {
                JsonObject m => (JsonObject)m.DeepClone(),
                null => [],
                _ => throw new NotebookFormatException(source, $"{where} has \"metadata\" that is not an object"),
            },
        };
        if (obj["attachments"] is JsonObject attachments)
            cell.Attachments = NormalizeBundles(attachments, source, $"{where} attachments");
        if (cell.IsCode)
        {
            cell.ExecutionCount = obj["execution_count"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<int>(out var n) => n,
                _ => throw new NotebookFormatException(source, $"{where} has an \"execution_count\" that is not an integer or null"),
            };
            switch (obj["outputs"])
            {
                case null:
                    break;
                case JsonArray outputs:
                    for (var o = 0; o < outputs.Count; o++)
                        cell.Outputs.Add(ReadOutput(outputs[o], source, $"{where} output {o + 1}"));
                    break;
                default:
                    throw new NotebookFormatException(source, $"{where} has \"outputs\" that is not an array");
            }
        }
        foreach (var (key, value) in obj)
        {
            if (key is not ("cell_type" or "id" or "source" or "metadata" or "attachments" or "execution_count" or "outputs"))
                cell.Extra[key] = value?.DeepClone();
        }
        return cell;
    }

    private static JsonObject ReadOutput(JsonNode? node, string source, string where)
    {
        if (node is not JsonObject output || output["output_type"] is not JsonValue kind || !kind.TryGetValue<string>(out var type))
            throw new NotebookFormatException(source, $"{where} is not an output object with an \"output_type\"");
        var copy = (JsonObject)output.DeepClone();
        switch (type)
        {
            case "stream":
                copy["text"] = ReadMultiline(copy["text"], source, $"{where} \"text\"") ?? "";
                break;
            case "display_data" or "execute_result":
                if (copy["data"] is JsonObject data)
                    copy["data"] = NormalizeBundle(data, source, where);
                break;
            case "error":
                break;
            default:
                throw new NotebookFormatException(source, $"{where} has an unknown output_type \"{type}\"");
        }
        return copy;
    }

    private static JsonObject NormalizeBundles(JsonObject bundles, string source, string where)
    {
        var copy = new JsonObject();
        foreach (var (name, bundle) in bundles)
            copy[name] = bundle is JsonObject b ? NormalizeBundle(b, source, where) : bundle?.DeepClone();
        return copy;
    }

    /// <summary>Joins line arrays of a mime bundle's string values; JSON mime types keep their structure.</summary>
    private static JsonObject NormalizeBundle(JsonObject bundle, string source, string where)
    {
        var copy = new JsonObject();
        foreach (var (mime, value) in bundle)
            copy[mime] = MimeTypes.IsJson(mime) ? value?.DeepClone() : ReadMultiline(value, source, $"{where} \"{mime}\"");
        return copy;
    }

    /// <summary>A string, or an array of strings joined (nbformat's "multiline string"); null when absent.</summary>
    private static string? ReadMultiline(JsonNode? node, string source, string where) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray lines => string.Concat(lines.Select(l => l is JsonValue lv && lv.TryGetValue<string>(out var line)
            ? line
            : throw new NotebookFormatException(source, $"{where} is an array with a non-string element"))),
        _ => throw new NotebookFormatException(source, $"{where} is neither a string nor an array of strings"),
    };

    private static int ReadInt(JsonObject obj, string key, string source, string where) => obj[key] switch
    {
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        null => throw new NotebookFormatException(source, $"{where} has no \"{key}\""),
        _ => throw new NotebookFormatException(source, $"\"{key}\" is not an integer"),
    };
}
