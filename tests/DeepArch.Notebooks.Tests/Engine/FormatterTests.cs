using System.Text.Json.Nodes;
using DeepArch.Notebooks.Engine;
using DeepArch.Notebooks.Formatting;
using SkiaSharp;
using TorchSharp;

namespace DeepArch.Notebooks.Tests.Engine;

/// <summary>The attribute of the .NET Interactive convention, declared here so the engine can only find it by name.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
}

[TypeFormatterSource(typeof(TemperatureFormatterSource))]
public sealed record Temperature(double Celsius);

public sealed class TemperatureFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new TemperatureHtml(),
        new OtherTypeFormatter(),
    ];

    public sealed class TemperatureHtml
    {
        public string MimeType => "text/html";

        public Type Type => typeof(Temperature);

        public bool Format(object value, TextWriter writer)
        {
            writer.Write($"<b>{((Temperature)value).Celsius} °C</b>");
            return true;
        }
    }

    /// <summary>Declares another type: must not be used for <see cref="Temperature"/>.</summary>
    public sealed class OtherTypeFormatter
    {
        public string MimeType => "text/csv";

        public Type Type => typeof(string);

        public bool Format(object value, TextWriter writer)
        {
            writer.Write("wrong");
            return true;
        }
    }
}

public sealed class FormatterTests
{
    [Fact]
    public void Type_formatter_source_convention_is_honoured_by_name()
    {
        var bundle = DisplayFormatter.Format(new Temperature(21.5));
        Assert.Equal("<b>21.5 °C</b>", bundle.GetText("text/html"));
        Assert.False(bundle.Contains("text/csv"));
        Assert.Equal("Temperature { Celsius = 21.5 }", bundle.GetText("text/plain"));
    }

    [Fact]
    public void Convention_formatters_apply_inside_cells()
    {
        var session = new ExecutionSession();
        var testAssembly = typeof(Temperature).Assembly.Location;
        var run = SessionRun.Of(session, $"#r \"{testAssembly}\"\nnew DeepArch.Notebooks.Tests.Engine.Temperature(3)").Succeeds();
        Assert.Equal("<b>3 °C</b>", run.Outputs.OfType<ExecuteResultOutput>().Single().Data.GetText("text/html"));
    }

    [Fact]
    public void Small_tensor_shows_shape_dtype_device_and_all_values()
    {
        using var t = torch.arange(6).reshape(2, 3);
        var bundle = DisplayFormatter.Format(t);
        Assert.Equal("tensor [2, 3] int64 cpu\n[[0, 1, 2],\n [3, 4, 5]]", bundle.GetText("text/plain"));
        Assert.Contains("<code>tensor [2, 3] int64 cpu</code>", bundle.GetText("text/html"));
    }

    [Fact]
    public void Large_tensor_is_abridged()
    {
        using var t = torch.zeros(100, 100);
        var text = DisplayFormatter.Format(t).GetText("text/plain")!;
        Assert.StartsWith("tensor [100, 100] float32 cpu\n", text);
        Assert.Contains("...", text);
        Assert.True(text.Length < 400, text);
        Assert.Equal(8, text.Split('\n').Length); // header, 3 rows, "...", 3 rows
    }

    [Fact]
    public void Plotly_chart_gives_plotly_json_and_html()
    {
        var chart = Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 4, 5, 6 });
        var bundle = DisplayFormatter.Format(chart);
        var figure = Assert.IsType<JsonObject>(bundle[DisplayFormatter.PlotlyMimeType]);
        Assert.Equal(3, figure["data"]![0]!["x"]!.AsArray().Count);
        Assert.Contains("Plotly.newPlot", bundle.GetText("text/html"));
    }

    [Fact]
    public void Bitmap_gives_a_png_that_decodes_to_the_same_pixels()
    {
        using var bitmap = new SKBitmap(2, 1);
        bitmap.SetPixel(0, 0, SKColors.Red);
        bitmap.SetPixel(1, 0, SKColors.Blue);
        var png = Convert.FromBase64String(DisplayFormatter.Format(bitmap).GetText("image/png")!);
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(SKColors.Red, decoded.GetPixel(0, 0));
        Assert.Equal(SKColors.Blue, decoded.GetPixel(1, 0));
    }

    [Fact]
    public void Collections_are_shown_as_their_items()
    {
        Assert.Equal("[1, 2, 3]", DisplayFormatter.Format(new List<int> { 1, 2, 3 }).GetText("text/plain"));
    }
}
