using DeepArch.IO;
using Plotly.NET;

namespace DeepArch.Display;

/// <summary>
/// What every chart of the library offers: the Plotly figure JSON (the notebook output), an HTML fragment and a
/// standalone page. A chart type only says how its figure is built.
/// </summary>
public abstract class PlotlyChart
{
    private protected PlotlyChart()
    {
    }

    /// <summary>Title above the figure.</summary>
    public string Title { get; protected init; } = "";

    /// <summary>Label of the horizontal axis.</summary>
    public string XLabel { get; protected init; } = "";

    /// <summary>Label of the vertical axis.</summary>
    public string YLabel { get; protected init; } = "";

    /// <summary>The figure as Plotly JSON, <c>{"data":[...],"layout":{...}}</c>, as carried by an
    /// <c>application/vnd.plotly.v1+json</c> notebook output.</summary>
    /// <exception cref="InvalidOperationException">The chart has nothing to draw yet.</exception>
    public string ToPlotlyJson() => PlotlyFigure.ToJson(BuildChart());

    /// <summary>An HTML fragment that draws the chart.</summary>
    /// <param name="includePlotlyJs">
    /// Inline plotly.js (~3.5 MB) so the fragment renders offline; otherwise plotly.js is loaded from its CDN.
    /// </param>
    /// <exception cref="InvalidOperationException">The chart has nothing to draw yet.</exception>
    public string ToHtml(bool includePlotlyJs = false) => PlotlyFigure.ToHtml(BuildChart(), includePlotlyJs);

    /// <summary>Saves the chart as a standalone <c>.html</c> page, atomically (a reader never sees a partial file).</summary>
    /// <param name="path">Destination ending in <c>.html</c>; missing directories are created.</param>
    /// <param name="includePlotlyJs">Inline plotly.js so the page opens offline (the default); otherwise it loads it from its CDN.</param>
    /// <exception cref="ArgumentException">The path does not end in <c>.html</c>.</exception>
    /// <exception cref="InvalidOperationException">The chart has nothing to draw yet.</exception>
    public void Save(string path, bool includePlotlyJs = true)
    {
        AtomicFile.RequireExtension(path, ".html", GetType().Name);
        AtomicFile.WriteAllText(path, PlotlyFigure.ToPage(BuildChart(), Title, includePlotlyJs));
    }

    /// <summary>The Plotly.NET chart, built afresh from the current data.</summary>
    private protected abstract GenericChart BuildChart();
}
