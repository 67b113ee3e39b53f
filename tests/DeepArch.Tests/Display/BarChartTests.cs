using System.Collections;
using System.Text.Json;
using DeepArch.Display;

namespace DeepArch.Tests.Display;

public sealed class BarChartTests
{
    [Fact]
    public void PlotlyJsonCarriesOneBarTracePerSeriesWithItsCategoriesValuesAndTheTitles()
    {
        var chart = new BarChart("Le zoo", "architecture", "nombre", logY: true)
            .Add("paramètres", ["LeNet-5", "VGG-16"], [61_706, 138_357_544])
            .Add("MACs", ["LeNet-5", "VGG-16"], [416_520, 15_470_264_320]);

        using var figure = JsonDocument.Parse(chart.ToPlotlyJson());
        var data = figure.RootElement.GetProperty("data");
        var layout = figure.RootElement.GetProperty("layout");

        Assert.Equal(2, data.GetArrayLength());
        Assert.All(data.EnumerateArray(), trace => Assert.Equal("bar", trace.GetProperty("type").GetString()));
        Assert.Equal("paramètres", data[0].GetProperty("name").GetString());
        Assert.Equal(["LeNet-5", "VGG-16"], data[0].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([61_706.0, 138_357_544.0], data[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([416_520.0, 15_470_264_320.0], data[1].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("Le zoo", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("architecture", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("nombre", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void ALinearChartHasNoAxisType()
    {
        using var figure = JsonDocument.Parse(new BarChart().Add("a", ["x"], [1]).ToPlotlyJson());

        Assert.False(figure.RootElement.GetProperty("layout").GetProperty("yaxis").TryGetProperty("type", out _));
    }

    [Fact]
    public void ASeriesNeedsOneValuePerCategory()
    {
        var error = Assert.Throws<ArgumentException>(() => new BarChart().Add("a", ["x", "y"], [1]));

        Assert.Contains("2 categories but 1 values", error.Message);
    }

    [Fact]
    public void AnEmptyChartSaysHowToAddASeries() =>
        Assert.Contains("call Add", Assert.Throws<InvalidOperationException>(() => new BarChart("Vide").ToPlotlyJson()).Message);

    [Fact]
    public void FormatsByConventionAsPlotlyJsonAndHtml()
    {
        var chart = new BarChart("Parts").Add("convolution", ["LeNet-5"], [0.04]);
        var attribute = typeof(BarChart).GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var formatters = ((IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(Activator.CreateInstance(sourceType), null)!)
            .Cast<object>().ToDictionary(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!);

        string Format(string mime)
        {
            var writer = new StringWriter();
            Assert.True((bool)formatters[mime].GetType().GetMethod("Format")!.Invoke(formatters[mime], [chart, writer])!);
            return writer.ToString();
        }

        Assert.Equal(["application/vnd.plotly.v1+json", "text/html"], formatters.Keys.Order());
        Assert.Equal(chart.ToPlotlyJson(), Format("application/vnd.plotly.v1+json"));
        Assert.Contains("Plotly.newPlot", Format("text/html"));
    }
}
