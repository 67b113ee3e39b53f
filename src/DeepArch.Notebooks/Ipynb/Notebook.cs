using System.Text.Json;
using System.Text.Json.Nodes;
using DeepArch.IO;

namespace DeepArch.Notebooks.Ipynb;

/// <summary>
/// A Jupyter notebook (nbformat 4, written as 4.5). Reading then writing an unchanged notebook gives back the
/// same content: unknown metadata and keys are preserved, keys are written sorted and multi-line strings as
/// line arrays with one-space indentation, as Jupyter's own writer does, so diffs stay small.
/// </summary>
public sealed class Notebook
{
    /// <summary>The nbformat major version this model reads and writes.</summary>
    public const int FormatMajor = 4;

    /// <summary>The nbformat minor version of notebooks this model creates.</summary>
    public const int CurrentFormatMinor = 5;

    /// <summary>The nbformat minor version (kept from the file that was read).</summary>
    public int FormatMinor { get; set; } = CurrentFormatMinor;

    /// <summary>Notebook metadata (kernelspec, language_info, …), unknown keys included.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>The cells, in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Top-level keys this model has no property for, kept so that writing loses nothing.</summary>
    public JsonObject Extra { get; } = [];

    /// <summary>Reads a notebook file; a malformed file throws <see cref="NotebookFormatException"/> naming it.</summary>
    public static Notebook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(path, $"cannot be read ({e.Message})");
        }
        return Parse(text, path);
    }

    /// <summary>Parses notebook JSON; <paramref name="sourceName"/> names it in error messages.</summary>
    public static Notebook Parse(string json, string sourceName) => NotebookReader.Read(json, sourceName);

    /// <summary>Writes the notebook atomically (a temporary file renamed over the target).</summary>
    public void Save(string path)
    {
        AtomicFile.WriteAllText(path, ToJson());
    }

    /// <summary>The notebook as nbformat JSON text, ending with a newline.</summary>
    public string ToJson() => NotebookWriter.Write(this);
}
