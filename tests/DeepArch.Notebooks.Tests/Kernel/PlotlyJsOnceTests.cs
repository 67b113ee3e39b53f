using DeepArch.Notebooks.Kernel;

namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>A kernel serving a front end sends plotly.js once per session, before the first chart, so charts draw offline.</summary>
public sealed class PlotlyJsOnceTests
{
    private const string Chart = "display(new DeepArch.Display.LineChart(\"t\").Add(\"a\", [1.0, 2.0]));";

    [Fact]
    public void PlotlyJsPrecedesTheFirstChartOfASessionAndOnlyThatOne()
    {
        using var kernel = TestKernel.Start(new Dictionary<string, string> { [KernelServer.PlotlyJsVariable] = "1" });

        var first = Displays(kernel.Client.Execute(Chart, TestKernel.Timeout));
        var second = Displays(kernel.Client.Execute(Chart + "\n" + Chart, TestKernel.Timeout));

        Assert.Equal(2, first.Count);
        Assert.Contains("plotly.js v2", first[0]);
        Assert.DoesNotContain("plotly.js v2", first[1]);
        Assert.Equal(2, second.Count);
        Assert.All(second, html => Assert.DoesNotContain("plotly.js v2", html));
    }

    [Fact]
    public void AKernelStartedByDeeparchItselfSendsNoPlotlyJs()
    {
        using var kernel = TestKernel.Start();

        var displays = Displays(kernel.Client.Execute(Chart, TestKernel.Timeout));

        Assert.Single(displays);
        Assert.DoesNotContain("plotly.js v2", displays[0]);
    }

    /// <summary>The text/html of every display_data the cell published, in order.</summary>
    private static List<string> Displays(KernelClient.Exchange exchange) =>
        exchange.Iopub.Where(m => m.MessageType == "display_data")
            .Select(m => (string?)m.Content["data"]?["text/html"] ?? "")
            .ToList();
}
