using System.Text.Json;
using DeepArch.Display;

namespace DeepArch.Tests.Display;

public sealed class ScatterChartTests
{
    [Fact]
    public void PlotlyJsonCarriesOneMarkerTracePerGroupWithItsPointsAndTheAxisTitles()
    {
        var chart = new ScatterChart("Espace latent", "z₁", "z₂")
            .Add("0", [1.0, 2.0], [3.0, 4.0])
            .Add("1", [-1.5], [0.25]);

        using var figure = JsonDocument.Parse(chart.ToPlotlyJson());
        var data = figure.RootElement.GetProperty("data");
        var layout = figure.RootElement.GetProperty("layout");

        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("0", data[0].GetProperty("name").GetString());
        Assert.Equal("markers", data[0].GetProperty("mode").GetString());
        Assert.Equal(new[] { 1.0, 2.0 }, data[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(new[] { 0.25 }, data[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("Espace latent", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("z₁", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("z₂", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void CoordinatesOfDifferentLengthsAreRejected()
    {
        var chart = new ScatterChart("t", "x", "y");

        var error = Assert.Throws<ArgumentException>(() => chart.Add("a", [1.0, 2.0], [1.0]));

        Assert.Contains("same length", error.Message);
    }

    [Fact]
    public void AnEmptyChartSaysWhatToCall()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ScatterChart("t", "x", "y").ToPlotlyJson());

        Assert.Contains("Add(name, x, y)", error.Message);
    }
}
