using Plotly.NET;
using PlotlyCSharp = Plotly.NET.CSharp;

namespace DeepArch.Display;

/// <summary>
/// Vertical bars, one group per category, drawn with Plotly: parameters and MACs of the model zoo, shares of
/// parameters per layer type, accuracies of several methods. Several series draw side by side in each category.
/// Shows itself in a notebook and can be saved as a standalone HTML page.
/// </summary>
/// <example>
/// <code>
/// new BarChart("Le zoo", "architecture", "nombre", logY: true)
///     .Add("paramètres", names, parameters)
///     .Add("MACs", names, macs)
/// </code>
/// </example>
[TypeFormatterSource(typeof(BarChartFormatterSource))]
public sealed class BarChart : PlotlyChart
{
    private readonly List<(string Name, string[] Categories, double[] Values)> _series = [];

    /// <summary>Creates an empty chart; add series with <see cref="Add"/>.</summary>
    /// <param name="title">Title above the chart.</param>
    /// <param name="xLabel">Label of the horizontal axis (the categories).</param>
    /// <param name="yLabel">Label of the vertical axis (the values).</param>
    /// <param name="logY">Logarithmic vertical axis, for values spanning orders of magnitude (values ≤ 0 are not drawn).</param>
    public BarChart(string title = "Bar chart", string xLabel = "category", string yLabel = "value", bool logY = false)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        LogY = logY;
    }

    /// <summary>Whether the vertical axis is logarithmic.</summary>
    public bool LogY { get; }

    /// <summary>Adds a series: one bar per category, drawn next to the other series' bars of the same category.</summary>
    /// <param name="name">Legend entry of the series.</param>
    /// <param name="categories">The categories, in the order they appear along the horizontal axis.</param>
    /// <param name="values">One value per category.</param>
    /// <returns>This chart, so calls can be chained.</returns>
    /// <exception cref="ArgumentException">The name is empty, or categories and values differ in length.</exception>
    public BarChart Add(string name, IReadOnlyList<string> categories, IReadOnlyList<double> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(values);
        if (categories.Count != values.Count)
            throw new ArgumentException(
                $"Series '{name}': {categories.Count} categories but {values.Count} values; give one value per category.", nameof(values));
        _series.Add((name, categories.ToArray(), values.ToArray()));
        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"BarChart \"{Title}\": {string.Join(", ", _series.Select(s => $"{s.Name} ({s.Values.Length} bars)"))}";

    private protected override GenericChart BuildChart()
    {
        if (_series.Count == 0)
            throw new InvalidOperationException($"The bar chart \"{Title}\" has no series yet: call Add(name, categories, values) first.");
        // Plotly's default bar mode groups the series side by side within each category.
        var bars = _series.Select(s => PlotlyCSharp.Chart.Column<double, string, string>(
            s.Values, Keys: s.Categories, Name: s.Name, UseDefaults: false));
        var chart = PlotlyCSharp.Chart.Combine(bars);
        chart = Chart.withTitle(Title, null).Invoke(chart);
        chart = PlotlyCSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: XLabel);
        return LogY
            ? PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel, AxisType: StyleParam.AxisType.Log)
            : PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel);
    }
}
