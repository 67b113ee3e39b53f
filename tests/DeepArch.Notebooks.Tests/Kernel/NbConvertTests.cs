using System.Diagnostics;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Kernel;
using SkiaSharp;

namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>Jupyter's own client (nbconvert, through nbclient and jupyter_client) runs a C# notebook on the installed kernel.</summary>
public sealed class NbConvertTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deeparch-nbconvert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [JupyterFact]
    public void Nbconvert_executes_a_csharp_notebook_through_the_installed_kernel()
    {
        var prefix = Path.Combine(_folder, "prefix");
        KernelSpec.Install(KernelSpec.Directory(KernelSpec.DefaultName, prefix), TestKernel.Command, force: false);
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new System.Text.Json.Nodes.JsonObject { ["name"] = KernelSpec.DefaultName, ["display_name"] = ".NET (C#)", ["language"] = "C#" };
        notebook.Metadata["language_info"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "C#" };
        foreach (var source in new[]
        {
            "#r \"nuget: TorchSharp-cpu, 0.107.0\"\nusing TorchSharp;\nConsole.WriteLine(\"bonjour\");",
            "var x = 20;\nx * 2 + 2",
            "#r \"nuget: SkiaSharp\"\nvar bitmap = new SkiaSharp.SKBitmap(3, 2);\ndisplay(bitmap);",
            "throw new InvalidOperationException(\"attendu\");",
            "torch.ones(2, 2).sum().item<float>()",
        })
        {
            notebook.Cells.Add(new NotebookCell("code", source));
        }
        notebook.Save(Path.Combine(_folder, "in.ipynb"));

        var start = new ProcessStartInfo(JupyterTools.NbConvert!)
        {
            WorkingDirectory = _folder,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "--to", "notebook", "--execute", "--allow-errors", $"--ExecutePreprocessor.kernel_name={KernelSpec.DefaultName}", "--ExecutePreprocessor.timeout=120", "--output", "out.ipynb", "in.ipynb" })
            start.ArgumentList.Add(argument);
        start.Environment["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter");
        using var process = Process.Start(start)!;
        var log = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), "nbconvert did not finish");
        Assert.True(process.ExitCode == 0, log.Result);

        var executed = Notebook.Load(Path.Combine(_folder, "out.ipynb"));
        var cells = executed.Cells;
        Assert.Equal("bonjour\n", (string?)Assert.Single(cells[0].Outputs)["text"]);
        Assert.Equal("42", (string?)Assert.Single(cells[1].Outputs)["data"]!["text/plain"]);
        var png = Convert.FromBase64String((string?)Assert.Single(cells[2].Outputs)["data"]!["image/png"] ?? "");
        using (var decoded = SKBitmap.Decode(png))
            Assert.Equal((3, 2), (decoded.Width, decoded.Height));
        var error = Assert.Single(cells[3].Outputs);
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("attendu", (string?)error["evalue"]);
        Assert.StartsWith("cell4.csx(1,1)", (string?)error["traceback"]![0]);
        Assert.Equal("4", (string?)Assert.Single(cells[4].Outputs)["data"]!["text/plain"]);
        Assert.Equal([1, 2, 3, 4, 5], cells.Select(c => c.ExecutionCount ?? 0));

        if (JupyterTools.Python is { } python)
        {
            var validate = Process.Start(new ProcessStartInfo(python, ["-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4))", Path.Combine(_folder, "out.ipynb")])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            })!;
            var problems = validate.StandardError.ReadToEnd();
            validate.WaitForExit();
            Assert.True(validate.ExitCode == 0, problems);
        }
    }
}
