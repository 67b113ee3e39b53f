namespace DeepArch.Display;

/// <summary>The MIME types the display types are formatted as, named as Jupyter bundles name them.</summary>
internal static class MimeTypes
{
    public const string Png = "image/png";
    public const string Html = "text/html";
    public const string PlotlyJson = "application/vnd.plotly.v1+json";
}
