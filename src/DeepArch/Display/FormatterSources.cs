namespace DeepArch.Display;

// Formatter sources named by [TypeFormatterSource] on each display type. Hosts create them with their public
// parameterless constructor and call CreateTypeFormatters by name; one source per type, because a host may register
// every formatter a source returns for the type that named it.

internal sealed class ImageGridFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<ImageGrid>(MimeTypes.Png, grid => Convert.ToBase64String(grid.ToPng())),
        new DisplayFormatter<ImageGrid>(MimeTypes.Html, grid => grid.ToHtml()),
    ];
}

internal sealed class LineChartFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<LineChart>(MimeTypes.PlotlyJson, chart => chart.ToPlotlyJson()),
        new DisplayFormatter<LineChart>(MimeTypes.Html, chart => chart.ToHtml()),
    ];
}

internal sealed class HeatmapFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<Heatmap>(MimeTypes.PlotlyJson, heatmap => heatmap.ToPlotlyJson()),
        new DisplayFormatter<Heatmap>(MimeTypes.Html, heatmap => heatmap.ToHtml()),
    ];
}

internal sealed class DecisionBoundaryFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<DecisionBoundary>(MimeTypes.PlotlyJson, boundary => boundary.ToPlotlyJson()),
        new DisplayFormatter<DecisionBoundary>(MimeTypes.Html, boundary => boundary.ToHtml()),
    ];
}

internal sealed class BarChartFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<BarChart>(MimeTypes.PlotlyJson, chart => chart.ToPlotlyJson()),
        new DisplayFormatter<BarChart>(MimeTypes.Html, chart => chart.ToHtml()),
    ];
}

internal sealed class ScatterChartFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter<ScatterChart>(MimeTypes.PlotlyJson, chart => chart.ToPlotlyJson()),
        new DisplayFormatter<ScatterChart>(MimeTypes.Html, chart => chart.ToHtml()),
    ];
}
