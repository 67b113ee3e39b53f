using System.Text.Json;
using DeepArch.Display;

namespace DeepArch.Tests.Display;

public sealed class LineChartTests
{
    [Fact]
    public void PlotlyJsonCarriesEachSeriesTheTitleAndTheAxisTitles()
    {
        var chart = new LineChart("Perte", "époque", "perte")
            .Add("train", [2.5, 1.25, 0.5])
            .Add("validation", [3.0, 2.0], x: [2, 4]);

        using var figure = JsonDocument.Parse(chart.ToPlotlyJson());
        var root = figure.RootElement;

        Assert.Equal(["data", "layout"], root.EnumerateObject().Select(p => p.Name).Order());
        var data = root.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("train", data[0].GetProperty("name").GetString());
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, Numbers(data[0].GetProperty("x")));
        Assert.Equal(new[] { 2.5, 1.25, 0.5 }, Numbers(data[0].GetProperty("y")));
        Assert.Equal("validation", data[1].GetProperty("name").GetString());
        Assert.Equal(new[] { 2.0, 4.0 }, Numbers(data[1].GetProperty("x")));
        Assert.Equal(new[] { 3.0, 2.0 }, Numbers(data[1].GetProperty("y")));
        var layout = root.GetProperty("layout");
        Assert.Equal("Perte", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("époque", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("perte", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.GetProperty("yaxis").TryGetProperty("type", out _));
    }

    [Fact]
    public void FromHistoryNumbersEpochsFromOneAndTakesAnyList()
    {
        var chart = LineChart.FromHistory([("train", new[] { 0.9, 0.5 }), ("validation", new List<double> { 1.0, 0.7 })], logY: true);

        using var figure = JsonDocument.Parse(chart.ToPlotlyJson());
        var data = figure.RootElement.GetProperty("data");

        Assert.Equal(new[] { "train", "validation" }, data.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(data.EnumerateArray(), s => Assert.Equal(new[] { 1.0, 2.0 }, Numbers(s.GetProperty("x"))));
        Assert.Equal("log", figure.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void EveryFigureHasATitleAndAxisLabelsByDefault()
    {
        using var figure = JsonDocument.Parse(new LineChart().Add("loss", [1.0]).ToPlotlyJson());
        var layout = figure.RootElement.GetProperty("layout");

        Assert.False(string.IsNullOrWhiteSpace(layout.GetProperty("title").GetProperty("text").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()));
    }

    [Fact]
    public void MissingValuesStayValidJsonAndAreNotNumbers()
    {
        var chart = new LineChart().Add("validation", [1.0, double.NaN, 0.5]);

        using var figure = JsonDocument.Parse(chart.ToPlotlyJson());
        var y = figure.RootElement.GetProperty("data")[0].GetProperty("y");

        Assert.Equal(JsonValueKind.Number, y[0].ValueKind);
        Assert.NotEqual(JsonValueKind.Number, y[1].ValueKind);   // plotly.js draws a gap there
        Assert.Equal(0.5, y[2].GetDouble());
    }

    [Fact]
    public void MismatchedXAndYAreExplained()
    {
        var error = Assert.Throws<ArgumentException>(() => new LineChart().Add("train", [1.0, 2.0, 3.0], x: [1.0, 2.0]));
        Assert.Contains("x has 2 values but y has 3", error.Message);
    }

    [Fact]
    public void AChartWithoutSeriesSaysSo()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LineChart("Vide").ToPlotlyJson());
        Assert.Contains("no series", error.Message);
    }

    [Fact]
    public void HtmlFragmentDrawsTheFigureAndFetchesPlotlyJsOnlyWhenAsked()
    {
        var chart = new LineChart("Perte").Add("train", [0.75, 0.5]);

        var online = chart.ToHtml();
        var offline = chart.ToHtml(includePlotlyJs: true);

        Assert.Contains("Plotly.newPlot", online);
        Assert.Contains("\"y\":[0.75,0.5]", online);
        Assert.Contains("https://cdn.plot.ly/plotly-", online);
        Assert.True(online.Length < 10_000);
        Assert.Contains("plotly.js v2", offline);
        Assert.Contains("Plotly.newPlot", offline);
        Assert.DoesNotContain("requirejs", offline);
        Assert.True(offline.Length > 1_000_000);
    }

    [Fact]
    public void SaveWritesAStandaloneUtf8PageAtomically()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "courbes", "perte.html");
        var chart = new LineChart("Perte — époque").Add("train", [0.75, 0.5]);

        chart.Save(path);

        var page = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<meta charset=\"utf-8\">", page);
        Assert.Contains("<title>Perte — époque</title>", page);
        Assert.Contains("plotly.js v2", page);
        Assert.EndsWith("</html>\n", page.ReplaceLineEndings("\n"));
        Assert.Equal(new[] { "perte.html" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveRefusesAPathThatPromisesAnotherFormat()
    {
        var error = Assert.Throws<ArgumentException>(() => new LineChart().Add("train", [1.0]).Save("loss.png"));
        Assert.Contains(".html", error.Message);
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
