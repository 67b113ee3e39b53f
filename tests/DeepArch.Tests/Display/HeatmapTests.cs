using System.Text.Json;
using DeepArch.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Display;

public sealed class HeatmapTests
{
    [Fact]
    public void PlotlyJsonCarriesTheValuesLabelsAndTitles()
    {
        var confusion = new double[,] { { 50, 2, 0 }, { 3, 45, 7 } };
        var heatmap = new Heatmap(confusion, ["chat", "chien"], ["chat", "chien", "oiseau"],
            title: "Matrice de confusion", xLabel: "classe prédite", yLabel: "vraie classe", colorScale: "blues");

        using var figure = JsonDocument.Parse(heatmap.ToPlotlyJson());
        var trace = figure.RootElement.GetProperty("data")[0];
        var layout = figure.RootElement.GetProperty("layout");

        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(new[] { new[] { 50.0, 2, 0 }, new[] { 3.0, 45, 7 } }, Matrix(trace.GetProperty("z")));
        Assert.Equal("Blues", trace.GetProperty("colorscale").GetString());
        Assert.Equal(new[] { "chat", "chien", "oiseau" }, Strings(layout.GetProperty("xaxis").GetProperty("ticktext")));
        Assert.Equal(new[] { "chat", "chien" }, Strings(layout.GetProperty("yaxis").GetProperty("ticktext")));
        Assert.Equal("Matrice de confusion", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("classe prédite", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("vraie classe", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());   // row 0 on top
    }

    [Fact]
    public void RepeatedLabelsKeepOneTickPerRow()
    {
        var heatmap = new Heatmap(new double[3, 3], rowLabels: ["le", "chat", "le"], columnLabels: ["le", "chat", "le"]);

        using var figure = JsonDocument.Parse(heatmap.ToPlotlyJson());
        var yaxis = figure.RootElement.GetProperty("layout").GetProperty("yaxis");

        Assert.Equal(new[] { 0.0, 1, 2 }, yaxis.GetProperty("tickvals").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(new[] { "le", "chat", "le" }, Strings(yaxis.GetProperty("ticktext")));
    }

    [Fact]
    public void SmallMatricesShowTheirValuesInTheCells()
    {
        var heatmap = new Heatmap(new double[,] { { 12, 0.1234 }, { -3, 2.5e-5 } });

        using var figure = JsonDocument.Parse(heatmap.ToPlotlyJson());
        var trace = figure.RootElement.GetProperty("data")[0];

        Assert.Equal("%{text}", trace.GetProperty("texttemplate").GetString());
        Assert.Equal(new[] { "12", "0.123", "-3", "2.5E-05" }, trace.GetProperty("text").EnumerateArray().SelectMany(Strings));
    }

    [Fact]
    public void LargeMatricesLeaveTheCellsBlankUnlessAsked()
    {
        var large = new double[13, 13];

        using var quiet = JsonDocument.Parse(new Heatmap(large).ToPlotlyJson());
        using var annotated = JsonDocument.Parse(new Heatmap(large, showValues: true).ToPlotlyJson());

        Assert.False(quiet.RootElement.GetProperty("data")[0].TryGetProperty("text", out _));
        Assert.Equal(13, annotated.RootElement.GetProperty("data")[0].GetProperty("text").GetArrayLength());
    }

    [Fact]
    public void TensorsAndFloatMatricesGiveTheSameValues()
    {
        using var weights = tensor(new[] { 0.25f, 0.75f, 0.5f, 0.5f, 1f, 0f }, new long[] { 2, 3 });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var fromTensor = new Heatmap(weights);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var fromFloats = new Heatmap(new float[,] { { 0.25f, 0.75f, 0.5f }, { 0.5f, 1f, 0f } });
        using var figure = JsonDocument.Parse(fromTensor.ToPlotlyJson());
        Assert.Equal(new[] { new[] { 0.25, 0.75, 0.5 }, new[] { 0.5, 1.0, 0 } }, Matrix(figure.RootElement.GetProperty("data")[0].GetProperty("z")));
        Assert.Equal(fromTensor.ToPlotlyJson(), fromFloats.ToPlotlyJson());
        Assert.Equal((2, 3), (fromTensor.Rows, fromTensor.Columns));
    }

    [Fact]
    public void ATensorThatIsNot2DIsExplained()
    {
        using var attention = zeros(4, 6, 6);
        var error = Assert.Throws<ArgumentException>(() => new Heatmap(attention));
        Assert.Contains("2-D tensor [rows, columns], got shape [4, 6, 6]", error.Message);
        Assert.Contains("weights[0]", error.Message);
    }

    [Fact]
    public void LabelCountsMustMatchTheMatrix()
    {
        var error = Assert.Throws<ArgumentException>(() => new Heatmap(new double[2, 3], columnLabels: ["a", "b"]));
        Assert.Contains("Expected 3 column labels", error.Message);
    }

    [Fact]
    public void AnUnknownColourScaleListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new Heatmap(new double[2, 2], colorScale: "magma"));
        Assert.Contains("Viridis", error.Message);
    }

    [Fact]
    public void SaveWritesAStandalonePage()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "attention.html");

        new Heatmap(new double[2, 2], title: "Attention").Save(path, includePlotlyJs: false);

        var page = File.ReadAllText(path);
        Assert.Contains("<title>Attention</title>", page);
        Assert.Contains("\"type\":\"heatmap\"", page);
        Assert.Single(Directory.GetFiles(directory.Path));
    }

    private static double[][] Matrix(JsonElement rows) =>
        rows.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
