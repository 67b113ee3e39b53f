using System.Text.Json;
using DeepArch.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Display;

public sealed class DecisionBoundaryTests
{
    // Two points, (-1, -1) and (1, 1): the grid spans [-1.2, 1.2] on both axes (10 % margin of the range 2).
    private static Tensor TwoPoints() => tensor(new[] { -1f, -1f, 1f, 1f }, new long[] { 2, 2 });

    private static Tensor TwoLabels() => tensor(new long[] { 0, 1 });

    // Logits [0, x + 2y]: P(class 1) = softmax(...)[1] = 1 / (1 + exp(-(x + 2y))).
    private static Tensor TwoLogits(Tensor p) => stack([zeros_like(p[.., 0]), p[.., 0] + 2 * p[.., 1]], dim: 1);

    [Fact]
    public void WithTwoClassesTheBackgroundIsTheProbabilityOfClassOneOnAGridAroundThePoints()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();

        var boundary = new DecisionBoundary(TwoLogits, points, labels, resolution: 3);

        using var figure = JsonDocument.Parse(boundary.ToPlotlyJson());
        var heatmap = figure.RootElement.GetProperty("data")[0];
        double[] axis = [-1.2, 0, 1.2];
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        Assert.Equal(axis, Numbers(heatmap.GetProperty("x")), Close);
        Assert.Equal(axis, Numbers(heatmap.GetProperty("y")), Close);
        var z = Matrix(heatmap.GetProperty("z"));
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(1 / (1 + Math.Exp(-(axis[j] + 2 * axis[i]))), z[i][j], 0.001);   // row = y, column = x
        Assert.Equal(0.0, heatmap.GetProperty("zmin").GetDouble());
        Assert.Equal(1.0, heatmap.GetProperty("zmax").GetDouble());
        Assert.Equal(2, boundary.Classes);
    }

    [Fact]
    public void ASingleLogitIsReadAsTheLogitOfClassOne()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();

        var twoLogits = new DecisionBoundary(TwoLogits, points, labels, resolution: 4);
        var oneLogit = new DecisionBoundary(p => (p[.., 0] + 2 * p[.., 1]).unsqueeze(1), points, labels, resolution: 4);   // [M, 1]
        var flat = new DecisionBoundary(p => p[.., 0] + 2 * p[.., 1], points, labels, resolution: 4);                     // [M]

        Assert.Equal(Z(twoLogits), Z(oneLogit));
        Assert.Equal(Z(twoLogits), Z(flat));
        Assert.Equal(2, oneLogit.Classes);
    }

    [Fact]
    public void WithMoreClassesTheBackgroundIsThePredictedClass()
    {
        // x spans [-2, 3] -> grid [-2.5, 3.5]; y spans [-2, 2] -> grid [-2.4, 2.4]; 5 points per axis, no ties.
        using var points = tensor(new[] { 3f, 0f, 0f, 2f, -2f, -2f }, new long[] { 3, 2 });
        using var labels = tensor(new long[] { 0, 1, 2 });

        var boundary = new DecisionBoundary(p => stack([p[.., 0], p[.., 1], -p[.., 0] - p[.., 1]], dim: 1), points, labels, resolution: 5);

        using var figure = JsonDocument.Parse(boundary.ToPlotlyJson());
        var heatmap = figure.RootElement.GetProperty("data")[0];
        double[] xs = [-2.5, -1, 0.5, 2, 3.5];
        double[] ys = [-2.4, -1.2, 0, 1.2, 2.4];
        var expected = ys.Select(y => xs.Select(x => (double)ArgMax(x, y, -x - y)).ToArray()).ToArray();
        Assert.Equal(expected, Matrix(heatmap.GetProperty("z")));
        Assert.Equal(-0.5, heatmap.GetProperty("zmin").GetDouble());
        Assert.Equal(2.5, heatmap.GetProperty("zmax").GetDouble());
        Assert.Equal(3, boundary.Classes);
    }

    [Fact]
    public void ThePointsAreDrawnOneTracePerClassOverTheBackground()
    {
        using var points = tensor(new[] { 0.5f, 1f, 2f, -1f, 3f, 0.25f }, new long[] { 3, 2 });
        using var labels = tensor(new long[] { 1, 0, 1 });

        var boundary = new DecisionBoundary(TwoLogits, points, labels, resolution: 2);

        using var figure = JsonDocument.Parse(boundary.ToPlotlyJson());
        var data = figure.RootElement.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        Assert.Equal("y = 0", data[1].GetProperty("name").GetString());
        Assert.Equal(new[] { 2.0 }, Numbers(data[1].GetProperty("x")));
        Assert.Equal(new[] { -1.0 }, Numbers(data[1].GetProperty("y")));
        Assert.Equal("y = 1", data[2].GetProperty("name").GetString());
        Assert.Equal(new[] { 0.5, 3 }, Numbers(data[2].GetProperty("x")));
        Assert.Equal(new[] { 1.0, 0.25 }, Numbers(data[2].GetProperty("y")));
        Assert.Equal("markers", data[2].GetProperty("mode").GetString());
        Assert.NotEqual(data[1].GetProperty("marker").GetProperty("color").GetString(), data[2].GetProperty("marker").GetProperty("color").GetString());
    }

    [Fact]
    public void AModuleIsEvaluatedInEvaluationModeAndGivenItsModeBack()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();
        using var linear = nn.Linear(2, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new[] { 0f, 0f, 1f, 2f }, new long[] { 2, 2 }));   // logits [0, x + 2y]
            linear.bias!.zero_();
        }
        var seen = new List<bool>();
        using var model = nn.Sequential(("spy", new ModeSpy(seen)), ("linear", linear));
        model.train();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var boundary = new DecisionBoundary(model, points, labels, resolution: 3);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(new[] { false }, seen);
        Assert.True(model.training);
        Assert.Equal(Z(new DecisionBoundary(TwoLogits, points, labels, resolution: 3)), Z(boundary));
    }

    [Fact]
    public void TheFigureHasATitleAxisLabelsAndEqualScales()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();

        var boundary = new DecisionBoundary(TwoLogits, points, labels, resolution: 2, title: "Spirales — époque 10");

        using var figure = JsonDocument.Parse(boundary.ToPlotlyJson());
        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal("Spirales — époque 10", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x₁", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x₂", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x", layout.GetProperty("yaxis").GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void PointsThatAreNotPairsAreExplained()
    {
        using var points = zeros(4, 3);
        using var labels = zeros(4, dtype: int64);
        var error = Assert.Throws<ArgumentException>(() => new DecisionBoundary(TwoLogits, points, labels));
        Assert.Contains("points [N, 2]", error.Message);
        Assert.Contains("[4, 3]", error.Message);
    }

    [Fact]
    public void LabelsMustBeOneClassIndexPerPoint()
    {
        using var points = TwoPoints();
        using var three = zeros(3, dtype: int64);
        using var floats = zeros(2);

        Assert.Contains("one label per point, [2]", Assert.Throws<ArgumentException>(() => new DecisionBoundary(TwoLogits, points, three)).Message);
        Assert.Contains("integers", Assert.Throws<ArgumentException>(() => new DecisionBoundary(TwoLogits, points, floats)).Message);
    }

    [Fact]
    public void AModelOutputOfTheWrongShapeIsExplained()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();

        var error = Assert.Throws<ArgumentException>(() => new DecisionBoundary(p => p.sum(), points, labels, resolution: 3));

        Assert.Contains("logits [M, K] or [M]; for M = 9 it returned []", error.Message);
    }

    [Fact]
    public void TheResolutionIsBounded()
    {
        using var points = TwoPoints();
        using var labels = TwoLabels();
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionBoundary(TwoLogits, points, labels, resolution: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionBoundary(TwoLogits, points, labels, resolution: DecisionBoundary.MaxResolution + 1));
    }

    [Fact]
    public void SaveWritesAStandalonePage()
    {
        using var directory = new TemporaryDirectory();
        using var points = TwoPoints();
        using var labels = TwoLabels();
        var path = Path.Combine(directory.Path, "spirales.html");

        new DecisionBoundary(TwoLogits, points, labels, resolution: 2, title: "Spirales").Save(path, includePlotlyJs: false);

        var page = File.ReadAllText(path);
        Assert.Contains("<title>Spirales</title>", page);
        Assert.Contains("\"type\":\"heatmap\"", page);
        Assert.Single(Directory.GetFiles(directory.Path));
    }

    private static int ArgMax(params double[] values) => Array.IndexOf(values, values.Max());

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-9, _ => 0);

    private static double[][] Z(DecisionBoundary boundary)
    {
        using var figure = JsonDocument.Parse(boundary.ToPlotlyJson());
        return Matrix(figure.RootElement.GetProperty("data")[0].GetProperty("z"));
    }

    private static double[][] Matrix(JsonElement rows) =>
        rows.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Records whether the model was in training mode each time it ran.</summary>
    private sealed class ModeSpy(List<bool> seen) : nn.Module<Tensor, Tensor>(nameof(ModeSpy))
    {
        public override Tensor forward(Tensor input)
        {
            seen.Add(training);
            return input.alias();
        }
    }
}
