using System.Globalization;
using Plotly.NET;
using PlotlyCSharp = Plotly.NET.CSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Display;

/// <summary>
/// What a classifier of 2-D points decides everywhere in the plane (the TensorFlow Playground picture): the model's
/// prediction on a grid covering the points, drawn as a coloured background, with the points on top, one colour per
/// class. With two classes the background is the probability of class 1 (white where the model hesitates, on the
/// boundary); with more, it is the predicted class. The model is evaluated once, when the figure is created: create a
/// new one to follow training (e.g. <c>handle.Update(new DecisionBoundary(model, x, y))</c> every few epochs).
/// </summary>
/// <example>
/// <code>
/// var (x, y) = Toy2D.Spirals(500);
/// var view = display(new DecisionBoundary(model, x, y, title: "Spirales — avant l'entraînement"));
/// // … after some epochs:
/// view.Update(new DecisionBoundary(model, x, y, title: "Spirales — époque 50"));
/// </code>
/// </example>
[TypeFormatterSource(typeof(DecisionBoundaryFormatterSource))]
public sealed class DecisionBoundary : PlotlyChart
{
    /// <summary>Largest grid side accepted; 500×500 predictions already make a multi-megabyte figure.</summary>
    public const int MaxResolution = 500;

    // The grid extends beyond the points by this fraction of their range on each side.
    private const double Margin = 0.1;

    // Plotly's default qualitative palette (D3 category10): class k is drawn in Palette[k mod 10].
    private static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    private readonly double[] _gridX;
    private readonly double[] _gridY;
    private readonly double[,] _values;
    private readonly double[] _pointX;
    private readonly double[] _pointY;
    private readonly long[] _labels;

    /// <summary>Evaluates <paramref name="model"/> on a grid around <paramref name="points"/>.</summary>
    /// <param name="model">A classifier of 2-D points: <c>[M, 2]</c> to logits <c>[M, K]</c> (K ≥ 2), or to one logit
    /// <c>[M]</c> / <c>[M, 1]</c> for two classes. It is evaluated without gradients, in evaluation mode (its mode is
    /// restored afterwards), on the device of its parameters.</param>
    /// <param name="points">The points to draw, <c>float [N, 2]</c>, on any device; they also set the extent of the grid.</param>
    /// <param name="labels">Their classes, integers <c>[N]</c> from 0.</param>
    /// <param name="resolution">Grid points per axis (the model sees <c>resolution²</c> points).</param>
    /// <param name="title">Title above the figure.</param>
    /// <param name="xLabel">Label of the horizontal axis (the first coordinate).</param>
    /// <param name="yLabel">Label of the vertical axis (the second coordinate).</param>
    /// <exception cref="ArgumentException">The points are not <c>[N, 2]</c>, the labels not <c>[N]</c>, the resolution
    /// is out of range, or the model's output has the wrong shape.</exception>
    public DecisionBoundary(
        nn.Module<Tensor, Tensor> model,
        Tensor points,
        Tensor labels,
        int resolution = 100,
        string title = "Decision boundary",
        string xLabel = "x₁",
        string yLabel = "x₂")
        : this(Evaluator(model), ParameterDevice(model), points, labels, resolution, title, xLabel, yLabel)
    {
    }

    /// <summary>Evaluates <paramref name="logits"/> on a grid around <paramref name="points"/>, on their device.</summary>
    /// <param name="logits">Any function from points <c>[M, 2]</c> to logits <c>[M, K]</c> (K ≥ 2), or to one logit
    /// <c>[M]</c> / <c>[M, 1]</c> for two classes, e.g. a hand-written neuron. It is called without gradients.</param>
    /// <param name="points">The points to draw, <c>float [N, 2]</c>; they set the extent of the grid, and the grid is
    /// created on their device.</param>
    /// <param name="labels">Their classes, integers <c>[N]</c> from 0.</param>
    /// <param name="resolution">Grid points per axis (the function sees <c>resolution²</c> points).</param>
    /// <param name="title">Title above the figure.</param>
    /// <param name="xLabel">Label of the horizontal axis (the first coordinate).</param>
    /// <param name="yLabel">Label of the vertical axis (the second coordinate).</param>
    /// <exception cref="ArgumentException">The points are not <c>[N, 2]</c>, the labels not <c>[N]</c>, the resolution
    /// is out of range, or the function's output has the wrong shape.</exception>
    public DecisionBoundary(
        Func<Tensor, Tensor> logits,
        Tensor points,
        Tensor labels,
        int resolution = 100,
        string title = "Decision boundary",
        string xLabel = "x₁",
        string yLabel = "x₂")
        : this(logits, device: null, points, labels, resolution, title, xLabel, yLabel)
    {
    }

    private DecisionBoundary(
        Func<Tensor, Tensor> logits, Device? device, Tensor points, Tensor labels, int resolution, string title, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (resolution is < 2 or > MaxResolution)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, $"The grid needs between 2 and {MaxResolution} points per axis.");
        if (points.dim() != 2 || points.shape[1] != 2 || points.shape[0] == 0)
            throw new ArgumentException($"DecisionBoundary expects points [N, 2] with N ≥ 1, got shape {Shape(points)}.", nameof(points));
        if (labels.dim() != 1 || labels.shape[0] != points.shape[0])
            throw new ArgumentException(
                $"DecisionBoundary expects one label per point, [{points.shape[0]}], got shape {Shape(labels)}.", nameof(labels));
        if (labels.is_floating_point() || labels.is_complex())
            throw new ArgumentException($"The labels must be class indices (integers), got {labels.dtype}.", nameof(labels));

        using var scope = torch.NewDisposeScope();
        var xy = points.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        _pointX = Enumerable.Range(0, xy.Length / 2).Select(i => xy[2 * i]).ToArray();
        _pointY = Enumerable.Range(0, xy.Length / 2).Select(i => xy[2 * i + 1]).ToArray();
        _labels = labels.detach().cpu().to(ScalarType.Int64).data<long>().ToArray();
        if (_labels.Min() < 0)
            throw new ArgumentException($"Class indices start at 0, got a label {_labels.Min()}.", nameof(labels));

        _gridX = Axis(_pointX, resolution);
        _gridY = Axis(_pointY, resolution);
        (_values, Classes) = Predict(logits, device ?? points.device, _gridX, _gridY);
        Resolution = resolution;
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>Number of classes the model distinguishes (2 for a single-logit model).</summary>
    public int Classes { get; }

    /// <summary>Grid points per axis.</summary>
    public int Resolution { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"DecisionBoundary \"{Title}\": {Classes} classes, {_labels.Length} points, {Resolution}×{Resolution} grid";

    /// <summary>
    /// Runs the model on every grid point. Row i, column j of the result is the prediction at (x[j], y[i]), the layout of
    /// a Plotly heatmap: P(class 1) for two classes, the predicted class otherwise.
    /// </summary>
    private static (double[,] Values, int Classes) Predict(Func<Tensor, Tensor> logits, Device device, double[] xs, double[] ys)
    {
        var (rows, columns) = (ys.Length, xs.Length);
        using var noGrad = no_grad();
        var gx = tensor(xs, dtype: float32, device: device);
        var gy = tensor(ys, dtype: float32, device: device);
        var mesh = meshgrid([gy, gx], indexing: "ij");                          // 2 × [rows, columns]
        var grid = stack([mesh[1].flatten(), mesh[0].flatten()], dim: 1);       // [rows·columns, 2]: (x, y) pairs
        var output = logits(grid);
        if (output.dim() is 0 or > 2 || output.shape[0] != grid.shape[0])
            throw new ArgumentException(
                $"The model must map points [M, 2] to logits [M, K] or [M]; for M = {grid.shape[0]} it returned {Shape(output)}.");
        var single = output.dim() == 1 || output.shape[1] == 1;
        if (!single && output.shape[1] < 2)
            throw new ArgumentException($"The model returned logits {Shape(output)}; expected at least one column.");
        var classes = single ? 2 : (int)output.shape[1];
        var prediction = single ? sigmoid(output.reshape(-1))                   // [M]: P(class 1)
            : classes == 2 ? softmax(output, dim: 1)[.., 1]                      // [M]: P(class 1)
            : output.argmax(1);                                                  // [M]: class index
        var flat = prediction.cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var values = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, values, 0, flat.Length * sizeof(double));
        return (values, classes);
    }

    private static double[] Axis(double[] coordinates, int resolution)
    {
        var (min, max) = (coordinates.Min(), coordinates.Max());
        // A single point or a flat cloud still gets a square of side 1 around it.
        var pad = max > min ? Margin * (max - min) : 0.5;
        (min, max) = (min - pad, max + pad);
        return Enumerable.Range(0, resolution).Select(i => min + (max - min) * i / (resolution - 1)).ToArray();
    }

    private protected override GenericChart BuildChart()
    {
        var binary = Classes == 2;
        // Three decimals are far below what the eye sees and keep a 100×100 figure near 60 KB.
        var z = Enumerable.Range(0, _gridY.Length)
            .Select(r => Enumerable.Range(0, _gridX.Length).Select(c => Math.Round(_values[r, c], 3)).ToArray()).ToArray();
        var background = PlotlyCSharp.Chart.Heatmap<double, double, double, string>(
            z, X: _gridX, Y: _gridY, ShowScale: binary, ZSmooth: binary ? StyleParam.SmoothAlg.Best : StyleParam.SmoothAlg.False,
            UseDefaults: false);
        foreach (var trace in GenericChart.getTraces(background))
        {
            trace.SetProperty("name", binary ? "P(y = 1)" : "predicted class");
            trace.SetProperty("colorscale", binary ? BinaryScale() : ClassScale(Classes));
            trace.SetProperty("zmin", binary ? 0.0 : -0.5);
            trace.SetProperty("zmax", binary ? 1.0 : Classes - 0.5);
            if (binary)
                trace.SetProperty("colorbar", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "P(y = 1)" } });
        }

        var scatters = _labels.Distinct().Order().Select(k =>
        {
            var members = Enumerable.Range(0, _labels.Length).Where(i => _labels[i] == k).ToArray();
            var scatter = PlotlyCSharp.Chart.Point<double, double, string>(
                members.Select(i => Math.Round(_pointX[i], 4)), members.Select(i => Math.Round(_pointY[i], 4)),
                Name: $"y = {k}", UseDefaults: false);
            foreach (var trace in GenericChart.getTraces(scatter))
                trace.SetProperty("marker", new Dictionary<string, object>
                {
                    ["color"] = Palette[k % Palette.Length],
                    ["size"] = 6,
                    ["line"] = new Dictionary<string, object> { ["color"] = "white", ["width"] = 0.5 },
                });
            return scatter;
        });

        var chart = PlotlyCSharp.Chart.Combine(scatters.Prepend(background));
        chart = Chart.withTitle(Title, null).Invoke(chart);
        chart = PlotlyCSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: XLabel);
        chart = PlotlyCSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: YLabel);
        var layout = GenericChart.getLayout(chart);
        // One unit is as long on both axes, so circles look round.
        var yaxis = (DynamicObj.DynamicObj)layout.TryGetPropertyValue("yaxis").Value;
        yaxis.SetProperty("scaleanchor", "x");
        return chart;
    }

    // Light blue for class 0, white where the model hesitates, light orange for class 1: the points stay readable on top.
    private static object[][] BinaryScale() =>
        [[0.0, Lighten(Palette[0])], [0.5, "#ffffff"], [1.0, Lighten(Palette[1])]];

    // A step scale: class k's light colour over [k, k + 1) / K.
    private static object[][] ClassScale(int classes) =>
        Enumerable.Range(0, classes).SelectMany(k => new[]
        {
            new object[] { (double)k / classes, Lighten(Palette[k % Palette.Length]) },
            new object[] { (double)(k + 1) / classes, Lighten(Palette[k % Palette.Length]) },
        }).ToArray();

    // Mixes a #rrggbb colour with white, 60 % white.
    private static string Lighten(string hex)
    {
        var rgb = Enumerable.Range(0, 3).Select(i => int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber));
        return "#" + string.Concat(rgb.Select(c => ((int)Math.Round(c + 0.6 * (255 - c))).ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static Func<Tensor, Tensor> Evaluator(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return grid =>
        {
            var wasTraining = model.training;
            model.eval();
            try
            {
                return model.call(grid);
            }
            finally
            {
                model.train(wasTraining);
            }
        };
    }

    private static Device? ParameterDevice(nn.Module<Tensor, Tensor> model) => model?.parameters().FirstOrDefault()?.device;

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
