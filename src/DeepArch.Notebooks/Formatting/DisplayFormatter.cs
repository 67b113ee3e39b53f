using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using DeepArch.Notebooks.Engine;
using Plotly.NET;
using SkiaSharp;
using TorchSharp;

namespace DeepArch.Notebooks.Formatting;

/// <summary>
/// Turns a value into a mime bundle: the engine's forms for tensors, Plotly charts and images first (TorchSharp
/// declares a text-only formatter of its own; the course wants shape, dtype and device shown), then the type's own
/// formatters (the .NET Interactive convention), and always a <c>text/plain</c> fallback.
/// </summary>
internal static class DisplayFormatter
{
    /// <summary>Mime type Jupyter front ends render as an interactive Plotly chart.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>Elements shown in full below this count; bigger collections are abridged.</summary>
    private const int MaxItems = 20;

    /// <summary>
    /// Formats a value. When <paramref name="mimeTypes"/> is not empty only those representations are kept (plus
    /// <c>text/plain</c> when none of them could be produced, so the value is never lost).
    /// </summary>
    public static MimeBundle Format(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        var bundle = new MimeBundle();
        if (value is not null)
        {
            AddBuiltIn(value, bundle, mimeTypes);
            foreach (var formatter in ConventionFormatters.For(value.GetType()))
            {
                if (bundle.Contains(formatter.MimeType) || !Wanted(formatter.MimeType, mimeTypes))
                    continue;
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                if (formatter.Format(value, writer))
                    bundle.Set(formatter.MimeType, writer.ToString());
            }
        }
        if (mimeTypes is { Count: > 0 })
        {
            if (mimeTypes.Contains("text/html") && !bundle.Contains("text/html"))
                bundle.Set("text/html", $"<pre>{WebUtility.HtmlEncode(PlainText(value))}</pre>");
            if (bundle.Count > 0)
                return bundle;
        }
        if (!bundle.Contains("text/plain"))
            bundle.Set("text/plain", PlainText(value));
        return bundle;
    }

    private static bool Wanted(string mime, IReadOnlyCollection<string>? mimeTypes) =>
        mimeTypes is not { Count: > 0 } || mimeTypes.Contains(mime);

    private static void AddBuiltIn(object value, MimeBundle bundle, IReadOnlyCollection<string>? mimeTypes)
    {
        void Add(string mime, Func<string> produce)
        {
            if (!bundle.Contains(mime) && Wanted(mime, mimeTypes))
                bundle.Set(mime, produce());
        }

        switch (value)
        {
            case torch.Tensor tensor:
                Add("text/html", () => TensorText.Html(tensor));
                Add("text/plain", () => TensorText.Plain(tensor));
                break;
            case GenericChart chart:
                var figure = GenericChart.toFigureJson(chart);
                Add(PlotlyMimeType, () => figure);
                Add("text/html", () => PlotlyHtml(figure));
                break;
            case SKBitmap bitmap:
                Add("image/png", () => Png(SKImage.FromBitmap(bitmap)));
                break;
            case SKImage image:
                Add("image/png", () => Png(image));
                break;
        }
    }

    private static string Png(SKImage image)
    {
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return Convert.ToBase64String(data.AsSpan());
    }

    /// <summary>
    /// HTML for front ends without a Plotly renderer: draws with the page's plotly.js, loading the version Plotly.NET
    /// targets when the page has none.
    /// </summary>
    private static string PlotlyHtml(string figureJson)
    {
        var id = "plotly-" + Guid.NewGuid().ToString("N")[..12];
        return $$"""
            <div id="{{id}}" style="width:100%;height:100%"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figureJson}};
              function draw() { window.Plotly.newPlot('{{id}}', figure.data, figure.layout, { responsive: true }); }
              if (window.Plotly) { draw(); return; }
              var script = document.createElement('script');
              script.src = 'https://cdn.plot.ly/plotly-2.28.0.min.js';
              script.onload = draw;
              document.head.appendChild(script);
            })();
            </script>
            """;
    }

    /// <summary>Readable plain text: strings as they are, collections abridged, anything else through ToString.</summary>
    public static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        torch.Tensor t => TensorText.Plain(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when value.GetType().ToString() == value.ToString() => Collection(items),
        _ => value.ToString() ?? "",
    };

    private static string Collection(IEnumerable items)
    {
        var text = new StringBuilder("[");
        var count = 0;
        foreach (var item in items)
        {
            if (count == MaxItems)
            {
                text.Append(", …");
                break;
            }
            text.Append(count++ == 0 ? "" : ", ").Append(PlainText(item));
        }
        return text.Append(']').ToString();
    }
}
