using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace DeepArch.Display;

/// <summary>Turns a Plotly.NET chart into the outputs every chart type offers: figure JSON, an HTML fragment, a page.</summary>
internal static class PlotlyFigure
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Same version as the plotly.js embedded in Plotly.NET, so online and offline figures render alike.
    private static readonly string CdnUrl = $"https://cdn.plot.ly/plotly-{Globals.PLOTLYJS_VERSION}.min";

    private static readonly Lazy<string> EmbeddedPlotlyJs = new(ReadEmbeddedPlotlyJs);

    /// <summary>The <c>{"data":[...],"layout":{...}}</c> object of an <c>application/vnd.plotly.v1+json</c> bundle.</summary>
    public static string ToJson(GenericChart chart)
    {
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        // Plotly.NET adds an always-empty "frames" array (animations are unsupported); the bundle needs only data and layout.
        figure.Remove("frames");
        return figure.ToJsonString(JsonOptions);
    }

    /// <summary>
    /// A <c>div</c> and the script that draws the chart into it. Without <paramref name="includePlotlyJs"/>, plotly.js
    /// is loaded from its CDN through require.js (works in Jupyter, VS Code and plain pages, needs the network);
    /// with it, the ~3.5 MB plotly.js shipped inside Plotly.NET is inlined and the fragment renders offline.
    /// </summary>
    public static string ToHtml(GenericChart chart, bool includePlotlyJs)
    {
        if (!includePlotlyJs)
            return GenericChart.toChartHTML(WithPlotlyReference(chart, PlotlyJSReference.NewRequire(CdnUrl)));
        // Hiding an AMD loader (classic Jupyter has require.js) makes plotly.js define window.Plotly instead of an
        // anonymous module, which the inline drawing script below relies on.
        return "<script type=\"text/javascript\">(function (define) {\n" + EmbeddedPlotlyJs.Value + "\n})();</script>\n"
            + GenericChart.toChartHTML(WithPlotlyReference(chart, PlotlyJSReference.NoReference));
    }

    /// <summary>A complete UTF-8 HTML page showing the chart.</summary>
    public static string ToPage(GenericChart chart, string title, bool includePlotlyJs) =>
        $"""
        <!DOCTYPE html>
        <html>
        <head>
        <meta charset="utf-8">
        <title>{HtmlText.Encode(title)}</title>
        </head>
        <body>
        {ToHtml(chart, includePlotlyJs)}
        </body>
        </html>

        """;

    private static GenericChart WithPlotlyReference(GenericChart chart, PlotlyJSReference reference) =>
        Chart.withDisplayOptions(DisplayOptions.init(null, null, null, null, null, null, reference)).Invoke(chart);

    private static string ReadEmbeddedPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.js; use includePlotlyJs: false.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
