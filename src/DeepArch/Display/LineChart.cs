using Plotly.NET;
using PlotlyCSharp = Plotly.NET.CSharp;

namespace DeepArch.Display;

/// <summary>
/// Curves such as training and validation loss per epoch, drawn with Plotly. Shows itself in a notebook (interactive
/// chart) and can be saved as a standalone HTML page.
/// </summary>
/// <example>
/// <code>
/// LineChart.FromHistory([("train", history.Train("loss")), ("validation", history.Validation("loss"))],
///     title: "Perte", yLabel: "perte", logY: true)
/// </code>
/// </example>
[TypeFormatterSource(typeof(LineChartFormatterSource))]
public sealed class LineChart : PlotlyChart
{
    // Up to this many points per series, markers show the individual epochs; beyond it they clutter the line.
    private const int MaxPointsWithMarkers = 30;

    private readonly List<(string Name, double[] X, double[] Y)> _series = [];

    /// <summary>Creates an empty chart; add curves with <see cref="Add"/>.</summary>
    /// <param name="title">Title above the chart.</param>
    /// <param name="xLabel">Label of the horizontal axis.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    /// <param name="logY">Logarithmic vertical axis, useful for losses spanning orders of magnitude (values ≤ 0 are not drawn).</param>
    public LineChart(string title = "Training curves", string xLabel = "epoch", string yLabel = "value", bool logY = false)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        LogY = logY;
    }

    /// <summary>Whether the vertical axis is logarithmic.</summary>
    public bool LogY { get; }

    /// <summary>
    /// A chart of per-epoch series: the i-th value of each series is drawn at epoch i + 1. NaN values (an epoch without
    /// that metric) leave a gap.
    /// </summary>
    /// <param name="series">Named series, e.g. <c>[("train", trainLoss), ("validation", validationLoss)]</c>.</param>
    /// <param name="title">Title above the chart.</param>
    /// <param name="xLabel">Label of the horizontal axis.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    /// <param name="logY">Logarithmic vertical axis.</param>
    public static LineChart FromHistory(
        IEnumerable<(string Name, IReadOnlyList<double> Values)> series,
        string title = "Training curves",
        string xLabel = "epoch",
        string yLabel = "value",
        bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var chart = new LineChart(title, xLabel, yLabel, logY);
        foreach (var (name, values) in series)
            chart.Add(name, values);
        return chart;
    }

    /// <summary>Adds a curve. NaN values leave a gap.</summary>
    /// <param name="name">Legend entry of the curve.</param>
    /// <param name="y">The values.</param>
    /// <param name="x">Their positions on the horizontal axis, as many as <paramref name="y"/>; 1, 2, 3… when omitted.</param>
    /// <returns>This chart, so calls can be chained.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> differ in length, or the name is empty.</exception>
    public LineChart Add(string name, IReadOnlyList<double> y, IReadOnlyList<double>? x = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(y);
        if (x is not null && x.Count != y.Count)
            throw new ArgumentException($"Series '{name}': x has {x.Count} values but y has {y.Count}; they must have the same length.", nameof(x));
        var xs = x?.ToArray() ?? Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray();
        _series.Add((name, xs, y.ToArray()));
        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"LineChart \"{Title}\": {string.Join(", ", _series.Select(s => $"{s.Name} ({s.Y.Length} points)"))}";

    private protected override GenericChart BuildChart()
    {
        if (_series.Count == 0)
            throw new InvalidOperationException($"The line chart \"{Title}\" has no series yet: call Add(name, values) first.");
        // UseDefaults: false leaves out Plotly.NET's ~8 KB template, which every figure would otherwise repeat.
        var lines = _series.Select(s => PlotlyCSharp.Chart.Line<double, double, string>(
            s.X, s.Y, Name: s.Name, ShowMarkers: s.Y.Length <= MaxPointsWithMarkers, UseDefaults: false));
        var chart = PlotlyCSharp.Chart.Combine(lines);
        chart = Chart.withTitle(Title, null).Invoke(chart);
        chart = PlotlyCSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: XLabel);
        return LogY
            ? PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel, AxisType: StyleParam.AxisType.Log)
            : PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel);
    }
}
