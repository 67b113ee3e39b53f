using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Export;

/// <summary>Renders one nbformat output as HTML, choosing the richest representation a static page can show.</summary>
internal static partial class OutputHtml
{
    public const string PlotlyMime = "application/vnd.plotly.v1+json";

    // Richest first. Plotly JSON beats its text/html fallback, which loads plotly.js from a CDN.
    private static readonly string[] Preference =
        [PlotlyMime, "image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown", "text/latex", "text/plain"];

    public static string Render(JsonObject output, Func<string, string> markdown, ref int plotCounter)
    {
        var type = output["output_type"]?.GetValue<string>();
        switch (type)
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                return $"<pre class=\"output stream {name}\">{Encode(StripAnsi(Text(output["text"])))}</pre>";
            case "error":
                var traceback = output["traceback"] is JsonArray lines ? string.Join('\n', lines.Select(l => l?.GetValue<string>())) : "";
                var header = $"{output["ename"]?.GetValue<string>()}: {output["evalue"]?.GetValue<string>()}";
                var body = traceback.Length > 0 ? traceback : header;
                return $"<pre class=\"output error\">{Encode(StripAnsi(body))}</pre>";
            case "display_data" or "execute_result":
                return RenderBundle(Data(output) ?? [], markdown, ref plotCounter);
            default:
                return "";
        }
    }

    private static string RenderBundle(JsonObject data, Func<string, string> markdown, ref int plotCounter)
    {
        var mime = Preference.FirstOrDefault(data.ContainsKey);
        if (mime is null)
            return "";
        var value = data[mime];
        switch (mime)
        {
            case PlotlyMime:
                var id = $"plot-{++plotCounter}";
                var figure = MimeTypes.IsJson(mime) && value is JsonObject obj ? obj.ToJsonString() : Text(value);
                // "<" inside JSON must not close the script element.
                var safe = figure.Replace("</", "<\\/", StringComparison.Ordinal);
                return $"<div class=\"output plot\" id=\"{id}\"></div>\n<script>(function () {{ var f = {safe}; " +
                       $"Plotly.newPlot('{id}', f.data, f.layout || {{}}, {{responsive: true}}); }})();</script>";
            case "image/png" or "image/jpeg":
                var base64 = string.Concat(Text(value).Where(c => !char.IsWhiteSpace(c)));
                return $"<div class=\"output image\"><img alt=\"output\" src=\"data:{mime};base64,{base64}\"></div>";
            case "image/svg+xml" or "text/html":
                // Outputs come from the notebook's own code, run by whoever exports it: shown as they are.
                return $"<div class=\"output html\">{Text(value)}</div>";
            case "text/markdown":
                return $"<div class=\"output markdown\">{markdown(Text(value))}</div>";
            case "text/latex":
                return $"<div class=\"output latex math\">{Encode(Text(value))}</div>";
            default:
                return $"<pre class=\"output text\">{Encode(StripAnsi(Text(value)))}</pre>";
        }
    }

    private static JsonObject? Data(JsonObject output) => output["data"] as JsonObject;

    /// <summary>nbformat stores multi-line strings either whole or as an array of lines.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => "",
        _ => node.ToJsonString(),
    };

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static string StripAnsi(string text) => AnsiEscape().Replace(text, "");

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
