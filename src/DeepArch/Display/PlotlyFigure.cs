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

    /// <summary>The <c>{"data":[...],"layout":{...}}</c> object of an <c>application/vnd.plotly.v1+json</c> bundle.</summary>
    public static string ToJson(GenericChart chart)
    {
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        // Plotly.NET adds an always-empty "frames" array (animations are unsupported); the bundle needs only data and layout.
        figure.Remove("frames");
        return figure.ToJsonString(JsonOptions);
    }

    /// <summary>
    /// A <c>div</c> and the script that draws the chart into it. Without <paramref name="includePlotlyJs"/>, the chart
    /// is drawn with the page's <c>window.Plotly</c> when it has one (the DeepArch kernel sends plotly.js once per
    /// session, so this works offline in the classic Notebook), else plotly.js is loaded from its CDN, through
    /// require.js where the page has it; with it, the ~3.5 MB plotly.js shipped inside Plotly.NET is inlined.
    /// </summary>
    public static string ToHtml(GenericChart chart, bool includePlotlyJs)
    {
        if (!includePlotlyJs)
            return DrawWithPagePlotly(ToJson(chart));
        // The inline drawing script below relies on window.Plotly, which PlotlyJs's tag guarantees.
        return PlotlyJs.InlineScriptTag() + GenericChart.toChartHTML(WithPlotlyReference(chart, PlotlyJSReference.NoReference));
    }

    private static string DrawWithPagePlotly(string figureJson)
    {
        var id = "plotly-" + Guid.NewGuid().ToString("N")[..12];
        // "<" inside the JSON must not close the script element.
        var figure = figureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              function draw(Plotly) { Plotly.newPlot('{{id}}', figure.data, figure.layout || {}, { responsive: true }); }
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof window.requirejs === 'function') {
                window.requirejs.config({ paths: { plotly: '{{CdnUrl}}' } });
                window.requirejs(['plotly'], draw);
                return;
              }
              var script = document.createElement('script');
              script.src = '{{CdnUrl}}.js';
              script.onload = function () { draw(window.Plotly); };
              document.head.appendChild(script);
            })();
            </script>
            """;
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
}
