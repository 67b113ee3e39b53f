using System.Collections;
using System.Reflection;
using System.Text.Json;
using DeepArch.Display;
using SkiaSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Display;

/// <summary>
/// Looks the formatters up exactly as Polyglot Notebooks and the notebook engine do: by attribute and member names
/// through reflection, without compile-time knowledge of the library's types.
/// </summary>
public sealed class FormatterConventionTests
{
    public static TheoryData<string> DisplayTypes => ["ImageGrid", "LineChart", "Heatmap", "DecisionBoundary", "ScatterChart"];

    [Theory]
    [MemberData(nameof(DisplayTypes))]
    public void EachDisplayTypeNamesAFormatterSourceByConvention(string typeName)
    {
        var type = typeof(ImageGrid).Assembly.GetType($"DeepArch.Display.{typeName}")!;

        var formatters = FormattersByConvention(type);

        var expected = typeName == "ImageGrid" ? new[] { "image/png", "text/html" } : ["application/vnd.plotly.v1+json", "text/html"];
        Assert.Equal(expected, formatters.Keys.Order());
        Assert.All(formatters.Values, f => Assert.Equal(type, f.GetType().GetProperty("Type")!.GetValue(f)));
    }

    [Fact]
    public void TheImageGridFormatsAsBase64PngAndAsHtml()
    {
        using var images = ones(2, 1, 3, 3);
        var grid = new ImageGrid(images);
        var formatters = FormattersByConvention(typeof(ImageGrid));

        var png = Convert.FromBase64String(Format(formatters["image/png"], grid));
        var html = Format(formatters["text/html"], grid);

        Assert.Equal(grid.ToPng(), png);
        Assert.NotNull(SKBitmap.Decode(png));
        Assert.StartsWith("<img src=\"data:image/png;base64,", html);
    }

    [Fact]
    public void ChartsFormatAsPlotlyJsonAndAsHtml()
    {
        using var points = ones(2, 2);
        using var labels = zeros(2, dtype: int64);
        object[] charts =
        [
            new LineChart("Perte").Add("train", [1.0, 0.5]),
            new Heatmap(new double[,] { { 1, 2 } }, title: "Poids"),
            new DecisionBoundary(p => p, points, labels, resolution: 2, title: "Frontière"),
        ];
        foreach (var chart in charts)
        {
            var formatters = FormattersByConvention(chart.GetType());

            using var figure = JsonDocument.Parse(Format(formatters["application/vnd.plotly.v1+json"], chart));
            var html = Format(formatters["text/html"], chart);

            Assert.Equal(JsonValueKind.Array, figure.RootElement.GetProperty("data").ValueKind);
            Assert.Equal(JsonValueKind.Object, figure.RootElement.GetProperty("layout").ValueKind);
            Assert.Contains("Plotly.newPlot", html);
        }
    }

    [Fact]
    public void AFormatterDeclinesAnotherType()
    {
        var formatter = FormattersByConvention(typeof(LineChart))["text/html"];
        var writer = new StringWriter();

        var handled = (bool)formatter.GetType().GetMethod("Format")!.Invoke(formatter, [new object(), writer])!;

        Assert.False(handled);
        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void TheAttributeHasTheShapeOfTheConvention()
    {
        var attribute = typeof(TypeFormatterSourceAttribute);

        Assert.Equal("TypeFormatterSourceAttribute", attribute.Name);
        Assert.NotNull(attribute.GetConstructor([typeof(Type)]));
        Assert.Equal(typeof(Type), attribute.GetProperty("FormatterSourceType")!.PropertyType);
        Assert.Equal(typeof(string[]), attribute.GetProperty("PreferredMimeTypes")!.PropertyType);
        Assert.Equal(AttributeTargets.Class, attribute.GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn);
    }

    /// <summary>Attribute named TypeFormatterSourceAttribute → FormatterSourceType → CreateTypeFormatters → MimeType.</summary>
    private static Dictionary<string, object> FormattersByConvention(Type type)
    {
        var attribute = type.GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        return formatters.Cast<object>().ToDictionary(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!);
    }

    private static string Format(object formatter, object instance)
    {
        var writer = new StringWriter();
        var format = formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!;
        Assert.True((bool)format.Invoke(formatter, [instance, writer])!);
        return writer.ToString();
    }
}
