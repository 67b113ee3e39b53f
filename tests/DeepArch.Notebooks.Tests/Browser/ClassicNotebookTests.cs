using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Kernel;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Browser;

/// <summary>
/// A real front end: the classic Jupyter Notebook server on loopback, with the kernel installed into a temporary
/// prefix, and a notebook run through its UI (Cell ▸ Run All) in headless chromium with no network. What the page
/// shows is asserted, not what the kernel sent: nbclient never renders and ignores update_display_data.
/// </summary>
public sealed class ClassicNotebookTests : IDisposable
{
    private const string KernelName = "deeparch-ui-test";

    private static readonly string[] Sources =
    [
        "Console.WriteLine(\"bonjour du noyau\");",
        "var bitmap = new SkiaSharp.SKBitmap(30, 20);\nbitmap.Erase(SkiaSharp.SKColors.Orange);\ndisplay(bitmap);",
        "new DeepArch.Display.LineChart(\"courbe\", \"x\", \"y\").Add(\"a\", [1.0, 3.0, 2.0])",
        "var view = display(\"étape 0\");\nfor (var i = 1; i <= 3; i++) { System.Threading.Thread.Sleep(100); view.Update($\"étape {i}\"); }",
        "throw new InvalidOperationException(\"attendu\");",
    ];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("deeparch-classic-notebook-");

    public void Dispose() => _folder.Delete(recursive: true);

    [ClassicNotebookFact]
    public void RunAllInTheClassicNotebookShowsStreamImageChartErrorAndTheFinalValueOfAnUpdatedDisplay()
    {
        var prefix = Path.Combine(_folder.FullName, "prefix");
        KernelSpec.Install(KernelSpec.Directory(KernelName, prefix), TestKernel.Command, force: false);
        var notebooks = Directory.CreateDirectory(Path.Combine(_folder.FullName, "notebooks")).FullName;
        WriteNotebook(Path.Combine(notebooks, "ui.ipynb"));
        var (port, token) = (FreePort(), Guid.NewGuid().ToString("N"));

        using var server = StartServer(prefix, notebooks, port, token);
        try
        {
            WaitUntilServing(server, port, token);
            var page = RunAllCells($"http://127.0.0.1:{port}/notebooks/ui.ipynb?token={token}");
            var cells = page["cells"]!.AsArray();
            var context = page.ToJsonString();

            Assert.Equal(Sources.Length, cells.Count);
            Assert.Equal(["In [1]:", "In [2]:", "In [3]:", "In [4]:", "In [5]:"], cells.Select(c => Text(c!["prompt"])));
            Assert.Equal(["bonjour du noyau\n"], Texts(cells[0]!["streams"]));
            Assert.Equal("[[30,20]]", cells[1]!["images"]!.ToJsonString());
            Assert.True(cells[2]!["charts"]!.ToJsonString() == "[1]", $"the chart drew no trace offline: {context}");
            Assert.Equal(["étape 3"], Texts(cells[3]!["outputs"]).Select(t => t.Trim()));
            var error = Assert.Single(Texts(cells[4]!["errors"]));
            Assert.Contains("InvalidOperationException: attendu", error);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static List<string> Texts(JsonNode? node) => node!.AsArray().Select(Text).ToList();

    private static void WriteNotebook(string path)
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JsonObject { ["name"] = KernelName, ["display_name"] = ".NET (C#)", ["language"] = "C#" };
        notebook.Metadata["language_info"] = new JsonObject { ["name"] = "C#" };
        foreach (var (source, index) in Sources.Select((s, i) => (s, i)))
            notebook.Cells.Add(new NotebookCell("code", source) { Id = $"cell-{index}" });
        notebook.Save(path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>jupyter-notebook on loopback, seeing only the temporary kernelspec, with its state in the test folder.</summary>
    private Process StartServer(string prefix, string notebooks, int port, string token)
    {
        var start = new ProcessStartInfo(ClassicNotebook.Server!)
        {
            WorkingDirectory = notebooks,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}", "--port-retries=0",
            $"--NotebookApp.token={token}", $"--notebook-dir={notebooks}",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter");
        foreach (var (variable, folder) in new[] { ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime") })
            start.Environment[variable] = Path.Combine(_folder.FullName, folder);
        var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        return server;
    }

    private static void WaitUntilServing(Process server, int port, string token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, $"jupyter-notebook exited with {(server.HasExited ? server.ExitCode : 0)}");
            try
            {
                if (http.GetAsync($"http://127.0.0.1:{port}/api/status?token={token}").Result.IsSuccessStatusCode)
                    return;
            }
            catch (AggregateException)
            {
                // Not listening yet.
            }
            Thread.Sleep(200);
        }
        Assert.Fail("jupyter-notebook did not answer within 30 s");
    }

    /// <summary>Runs run-all-cells.cjs (puppeteer-core driving chromium) and returns what it read from the page.</summary>
    private static JsonObject RunAllCells(string url)
    {
        var start = new ProcessStartInfo(ClassicNotebook.Node!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Browser", "run-all-cells.cjs"), url, Chromium.Executable! })
            start.ArgumentList.Add(argument);
        start.Environment["NODE_PATH"] = ClassicNotebook.NodeModules;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail("the browser did not finish running the notebook within 120 s");
        }
        Assert.True(node.ExitCode == 0, $"run-all-cells.cjs exited with {node.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!.AsObject();
    }
}
