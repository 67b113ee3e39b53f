namespace DeepArch.Notebooks.Ipynb;

/// <summary>How nbformat stores each mime type's value.</summary>
internal static class MimeTypes
{
    /// <summary>JSON mime types hold a JSON value, never a string split into lines.</summary>
    public static bool IsJson(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>Mime types whose string value nbformat writes as a line array (the others, e.g. base64 images, stay one string).</summary>
    public static bool IsSplitIntoLines(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/javascript" or "image/svg+xml";
}
