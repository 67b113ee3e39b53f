using Plotly.NET;
using PlotlyCSharp = Plotly.NET.CSharp;

namespace DeepArch.Display;

/// <summary>
/// Points in a plane, one colour per group (e.g. a 2-D latent space coloured by class), drawn with Plotly: hover shows
/// each point's coordinates, clicking a legend entry hides its group. Shows itself in a notebook.
/// </summary>
/// <example>
/// <code>
/// var chart = new ScatterChart("Espace latent", "z₁", "z₂");
/// for (var k = 0; k &lt; 10; k++) chart.Add($"chiffre {k}", xs[k], ys[k]);
/// </code>
/// </example>
[TypeFormatterSource(typeof(ScatterChartFormatterSource))]
public sealed class ScatterChart : PlotlyChart
{
    private readonly List<(string Name, double[] X, double[] Y)> _groups = [];

    /// <summary>Creates an empty chart; add groups of points with <see cref="Add"/>.</summary>
    /// <param name="title">Title above the chart.</param>
    /// <param name="xLabel">Label of the horizontal axis.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    public ScatterChart(string title, string xLabel, string yLabel)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>Adds a group of points with its legend entry.</summary>
    /// <returns>This chart, so calls can be chained.</returns>
    /// <exception cref="ArgumentException">The coordinates differ in length, or the name is empty.</exception>
    public ScatterChart Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Group '{name}': x has {x.Count} values but y has {y.Count}; they must have the same length.", nameof(y));
        _groups.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ScatterChart \"{Title}\": {string.Join(", ", _groups.Select(g => $"{g.Name} ({g.X.Length} points)"))}";

    private protected override GenericChart BuildChart()
    {
        if (_groups.Count == 0)
            throw new InvalidOperationException($"The scatter chart \"{Title}\" has no points yet: call Add(name, x, y) first.");
        // Four decimals are plenty on screen and keep a few thousand points' JSON small.
        var points = _groups.Select(g => PlotlyCSharp.Chart.Point<double, double, string>(
            g.X.Select(v => Math.Round(v, 4)), g.Y.Select(v => Math.Round(v, 4)), Name: g.Name, UseDefaults: false));
        var chart = PlotlyCSharp.Chart.Combine(points);
        chart = Chart.withTitle(Title, null).Invoke(chart);
        chart = PlotlyCSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: XLabel);
        return PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel);
    }
}
