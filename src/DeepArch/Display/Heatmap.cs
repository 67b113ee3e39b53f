using System.Globalization;
using Plotly.NET;
using PlotlyCSharp = Plotly.NET.CSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Display;

/// <summary>
/// A matrix drawn as coloured cells, with Plotly: confusion matrices, attention weights, kernels. Row 0 is at the top,
/// as when the matrix is printed. Shows itself in a notebook and can be saved as a standalone HTML page.
/// </summary>
/// <example>
/// <code>
/// new Heatmap(confusion, rowLabels: classes, columnLabels: classes,
///     title: "Matrice de confusion", xLabel: "classe prédite", yLabel: "vraie classe")
/// </code>
/// </example>
[TypeFormatterSource(typeof(HeatmapFormatterSource))]
public sealed class Heatmap : PlotlyChart
{
    // Up to 12×12 cells, values are written in the cells unless asked otherwise; beyond, they crowd the figure.
    private const int MaxCellsWithValues = 144;

    // The colour scales plotly.js knows by name.
    private static readonly string[] ColorScales =
    [
        "Blackbody", "Bluered", "Blues", "Cividis", "Earth", "Electric", "Greens", "Greys", "Hot", "Jet",
        "Picnic", "Portland", "Rainbow", "RdBu", "Reds", "Viridis", "YlGnBu", "YlOrRd",
    ];

    private readonly double[,] _values;
    private readonly string[] _rowLabels;
    private readonly string[] _columnLabels;

    /// <summary>Creates a heatmap of a 2-D tensor <c>[rows, columns]</c> (on any device, of any numeric type).</summary>
    /// <param name="values">The matrix, shape <c>[rows, columns]</c>; it is copied, so it may be disposed afterwards.</param>
    /// <param name="rowLabels">One label per row (may repeat, e.g. tokens); row indices when omitted.</param>
    /// <param name="columnLabels">One label per column; column indices when omitted.</param>
    /// <param name="title">Title above the heatmap.</param>
    /// <param name="xLabel">Label of the horizontal axis (the columns).</param>
    /// <param name="yLabel">Label of the vertical axis (the rows).</param>
    /// <param name="colorScale">A plotly.js colour scale: Viridis, Cividis, Greys, Hot, RdBu, Blues, Greens, Reds, YlGnBu,
    /// YlOrRd, Jet, Rainbow, Picnic, Portland, Electric, Blackbody, Bluered or Earth (some, such as Blues, run from
    /// dark to light).</param>
    /// <param name="showValues">Write each value in its cell; by default only for matrices of at most 144 cells
    /// (12×12).</param>
    /// <exception cref="ArgumentException">The tensor is not 2-D or empty, a label list has the wrong length, or the
    /// colour scale is unknown.</exception>
    public Heatmap(
        Tensor values,
        IReadOnlyList<string>? rowLabels = null,
        IReadOnlyList<string>? columnLabels = null,
        string title = "Heatmap",
        string xLabel = "column",
        string yLabel = "row",
        string colorScale = "Viridis",
        bool? showValues = null)
        : this(ToMatrix(values), rowLabels, columnLabels, title, xLabel, yLabel, colorScale, showValues)
    {
    }

    /// <summary>Creates a heatmap of a <c>float[rows, columns]</c> matrix.</summary>
    /// <inheritdoc cref="Heatmap(double[,], IReadOnlyList{string}?, IReadOnlyList{string}?, string, string, string, string, bool?)"/>
    public Heatmap(
        float[,] values,
        IReadOnlyList<string>? rowLabels = null,
        IReadOnlyList<string>? columnLabels = null,
        string title = "Heatmap",
        string xLabel = "column",
        string yLabel = "row",
        string colorScale = "Viridis",
        bool? showValues = null)
        : this(ToMatrix(values), rowLabels, columnLabels, title, xLabel, yLabel, colorScale, showValues)
    {
    }

    /// <summary>Creates a heatmap of a <c>double[rows, columns]</c> matrix.</summary>
    /// <param name="values">The matrix; it is copied.</param>
    /// <param name="rowLabels">One label per row (may repeat, e.g. tokens); row indices when omitted.</param>
    /// <param name="columnLabels">One label per column; column indices when omitted.</param>
    /// <param name="title">Title above the heatmap.</param>
    /// <param name="xLabel">Label of the horizontal axis (the columns).</param>
    /// <param name="yLabel">Label of the vertical axis (the rows).</param>
    /// <param name="colorScale">A plotly.js colour scale: Viridis, Cividis, Greys, Hot, RdBu, Blues, Greens, Reds, YlGnBu,
    /// YlOrRd, Jet, Rainbow, Picnic, Portland, Electric, Blackbody, Bluered or Earth (some, such as Blues, run from
    /// dark to light).</param>
    /// <param name="showValues">Write each value in its cell; by default only for matrices of at most 144 cells
    /// (12×12).</param>
    /// <exception cref="ArgumentException">The matrix is empty, a label list has the wrong length, or the colour scale
    /// is unknown.</exception>
    public Heatmap(
        double[,] values,
        IReadOnlyList<string>? rowLabels = null,
        IReadOnlyList<string>? columnLabels = null,
        string title = "Heatmap",
        string xLabel = "column",
        string yLabel = "row",
        string colorScale = "Viridis",
        bool? showValues = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (rows, columns) = (values.GetLength(0), values.GetLength(1));
        if (rows == 0 || columns == 0)
            throw new ArgumentException($"Heatmap needs at least one row and one column, got a {rows}×{columns} matrix.", nameof(values));
        _values = (double[,])values.Clone();
        _rowLabels = Labels(rowLabels, rows, "row", nameof(rowLabels));
        _columnLabels = Labels(columnLabels, columns, "column", nameof(columnLabels));
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        ColorScale = ColorScales.FirstOrDefault(name => string.Equals(name, colorScale, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown colour scale '{colorScale}'; expected one of {string.Join(", ", ColorScales)}.", nameof(colorScale));
        ShowValues = showValues ?? rows * columns <= MaxCellsWithValues;
    }

    /// <summary>Number of rows.</summary>
    public int Rows => _values.GetLength(0);

    /// <summary>Number of columns.</summary>
    public int Columns => _values.GetLength(1);

    /// <summary>The plotly.js colour scale.</summary>
    public string ColorScale { get; }

    /// <summary>Whether each value is written in its cell.</summary>
    public bool ShowValues { get; }

    /// <inheritdoc />
    public override string ToString() => $"Heatmap \"{Title}\": {Rows}×{Columns}";

    private protected override GenericChart BuildChart()
    {
        var z = Enumerable.Range(0, Rows).Select(r => Enumerable.Range(0, Columns).Select(c => _values[r, c]).ToArray()).ToArray();
        // Cells sit at integer positions and the labels are tick texts: category axes would merge repeated labels,
        // such as a token that occurs twice in an attention map.
        var chart = PlotlyCSharp.Chart.Heatmap<double, int, int, string>(
            z, X: Enumerable.Range(0, Columns).ToArray(), Y: Enumerable.Range(0, Rows).ToArray(), ReverseYAxis: true, UseDefaults: false);
        foreach (var trace in GenericChart.getTraces(chart))
        {
            trace.SetProperty("colorscale", ColorScale);
            if (ShowValues)
            {
                trace.SetProperty("text", z.Select(row => row.Select(FormatValue).ToArray()).ToArray());
                // plotly.js picks a text colour that contrasts with each cell.
                trace.SetProperty("texttemplate", "%{text}");
            }
        }
        chart = Chart.withTitle(Title, null).Invoke(chart);
        chart = PlotlyCSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: XLabel);
        chart = PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel);
        var layout = GenericChart.getLayout(chart);
        SetTicks(layout, "xaxis", _columnLabels);
        SetTicks(layout, "yaxis", _rowLabels);
        return chart;
    }

    private static void SetTicks(Layout layout, string axisName, string[] labels)
    {
        var axis = (DynamicObj.DynamicObj)layout.TryGetPropertyValue(axisName).Value;
        axis.SetProperty("tickvals", Enumerable.Range(0, labels.Length).ToArray());
        axis.SetProperty("ticktext", labels);
    }

    // Counts (confusion matrices) read best as integers, weights with three significant digits.
    private static string FormatValue(double value) =>
        double.IsNaN(value) ? ""
        : value == Math.Round(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);

    private static string[] Labels(IReadOnlyList<string>? labels, int count, string dimension, string parameterName)
    {
        if (labels is null)
            return Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (labels.Count != count)
            throw new ArgumentException($"Expected {count} {dimension} labels (one per {dimension}), got {labels.Count}.", parameterName);
        return labels.ToArray();
    }

    private static double[,] ToMatrix(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var matrix = new double[values.GetLength(0), values.GetLength(1)];
        for (var r = 0; r < matrix.GetLength(0); r++)
            for (var c = 0; c < matrix.GetLength(1); c++)
                matrix[r, c] = values[r, c];
        return matrix;
    }

    private static double[,] ToMatrix(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.dim() != 2)
            throw new ArgumentException(
                $"Heatmap expects a 2-D tensor [rows, columns], got shape [{string.Join(", ", values.shape)}]. "
                + "For attention weights [heads, T, T], pass one head, e.g. weights[0].", nameof(values));
        using var scope = torch.NewDisposeScope();
        var (rows, columns) = ((int)values.shape[0], (int)values.shape[1]);
        var flat = values.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }
}
