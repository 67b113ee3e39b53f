using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Running;

public sealed class NotebookRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deeparch-runner-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private NotebookRunner Runner(double cellTimeoutSeconds = 60, IReadOnlyDictionary<string, string>? parameters = null, int maxOutput = 4 << 20) =>
        new(new RunnerOptions
        {
            KernelCommand = TestKernel.Command,
            CellTimeout = TimeSpan.FromSeconds(cellTimeoutSeconds),
            Parameters = parameters ?? new Dictionary<string, string>(),
            MaxOutputBytesPerCell = maxOutput,
        });

    private string Out(string name) => Path.Combine(_directory, "out", name);

    private static List<NotebookCell> CodeCells(string path) => Notebook.Load(path).Cells.Where(c => c.IsCode).ToList();

    [Fact]
    public void RunsEveryCellAndRecordsOutputsCountsAndTiming()
    {
        var source = TestNotebooks.Write(_directory, "ok.ipynb", null,
            "var x = 20;\nConsole.WriteLine(\"hello\");",
            "x + 22");
        var before = File.ReadAllText(source);

        var result = Runner().Run(source, Out("ok.ipynb"));

        Assert.True(result.Succeeded, result.FirstError);
        Assert.Equal(before, File.ReadAllText(source));
        var cells = CodeCells(Out("ok.ipynb"));
        Assert.Equal([1, 2], cells.Select(c => c.ExecutionCount));
        Assert.Equal("hello\n", (string?)cells[0].Outputs.Single()["text"]);
        Assert.Equal("42", (string?)cells[1].Outputs.Single()["data"]!["text/plain"]);
        Assert.NotNull(cells[1].Metadata["execution"]?["shell.execute_reply"]);
        Assert.True((double)cells[1].Metadata["deeparch"]!["duration_s"]! >= 0);
    }

    [Fact]
    public void AnExceptionStopsTheNotebookAtThatCell()
    {
        var source = TestNotebooks.Write(_directory, "error.ipynb", null,
            "1",
            "throw new InvalidOperationException(\"shapes disagree\");",
            "2");

        var result = Runner().Run(source, Out("error.ipynb"));

        Assert.False(result.Succeeded);
        Assert.Equal([CellStatus.Succeeded, CellStatus.Failed, CellStatus.Skipped], result.Cells.Select(c => c.Status));
        Assert.Contains("shapes disagree", result.FirstError);
        Assert.StartsWith("cell 3:", result.FirstError);   // the markdown title is cell 1
        var cells = CodeCells(Out("error.ipynb"));
        Assert.Equal("error", (string?)cells[1].Outputs.Last()["output_type"]);
        Assert.Empty(cells[2].Outputs);
    }

    [Fact]
    public void FailFastIsReportedOnItsCellAndTheOutputsBeforeAreKept()
    {
        var source = TestNotebooks.Write(_directory, "failfast.ipynb", null,
            "Console.WriteLine(\"before\");",
            "Environment.FailFast(\"boom\");");

        var result = Runner().Run(source, Out("failfast.ipynb"));

        Assert.Equal(CellStatus.KernelDied, result.Cells[1].Status);
        Assert.Contains("kernel died", result.Cells[1].Error);
        Assert.Contains("SIGABRT", result.Cells[1].Error);
        Assert.Contains("boom", result.Cells[1].Error);   // the runtime's own message, from the kernel's stderr
        var cells = CodeCells(Out("failfast.ipynb"));
        Assert.Equal("before\n", (string?)cells[0].Outputs.Single()["text"]);
        Assert.Equal("DeadKernelError", (string?)cells[1].Outputs.Last()["ename"]);
    }

    [Fact]
    public void EnvironmentExitIsAKernelDeathWithItsExitCode()
    {
        var source = TestNotebooks.Write(_directory, "exit.ipynb", null, "Environment.Exit(3);");

        var result = Runner().Run(source, Out("exit.ipynb"));

        Assert.Equal(CellStatus.KernelDied, result.Cells.Single().Status);
        Assert.Contains("exit code 3", result.Cells.Single().Error);
    }

    [Fact]
    public void AnEndlessLoopTimesOutAndTheNextNotebookStillRuns()
    {
        // The first cell absorbs the compiler's warm-up (seconds on a busy 2-core machine), within the same limit.
        var looping = TestNotebooks.Write(_directory, "loop.ipynb", null, "1", "Console.WriteLine(\"spinning\");\nwhile (true) { }");
        var next = TestNotebooks.Write(_directory, "next.ipynb", null, "6 * 7");
        var runner = Runner(cellTimeoutSeconds: 10);

        var first = runner.Run(looping, Out("loop.ipynb"));
        var second = runner.Run(next, Out("next.ipynb"));

        Assert.Equal(CellStatus.TimedOut, first.Cells[1].Status);
        Assert.Equal(CellStatus.Succeeded, first.Cells[0].Status);
        Assert.Equal("timed out after 10 s", first.Cells[1].Error);
        var outputs = CodeCells(Out("loop.ipynb"))[1].Outputs;
        Assert.Equal("spinning\n", (string?)outputs[0]["text"]);
        Assert.Equal("CellTimeoutError", (string?)outputs.Last()["ename"]);
        Assert.True(second.Succeeded, second.FirstError);
    }

    [Fact]
    public void AFloodOfOutputIsCappedWithANote()
    {
        var source = TestNotebooks.Write(_directory, "flood.ipynb", null,
            "var line = new string('x', 1000);\nfor (var i = 0; i < 20_000; i++) Console.WriteLine(line);",
            "\"still alive\"");

        var result = Runner(maxOutput: 100_000).Run(source, Out("flood.ipynb"));

        Assert.True(result.Succeeded, result.FirstError);
        var cells = CodeCells(Out("flood.ipynb"));
        var text = string.Concat(cells[0].Outputs.Select(o => (string?)o["text"]));
        Assert.Equal(100_000, text.IndexOf("\n[deeparch: output truncated", StringComparison.Ordinal));
        Assert.Contains("output truncated", text);
        Assert.Equal("still alive", (string?)cells[1].Outputs.Single()["data"]!["text/plain"]);
    }

    [Fact]
    public void ParametersAreInjectedAfterTheParametersCell()
    {
        var source = TestNotebooks.Write(_directory, "params.ipynb", "var profile = \"cpu\";", "profile");

        var result = Runner(parameters: new Dictionary<string, string> { ["profile"] = "smoke" }).Run(source, Out("params.ipynb"));

        Assert.True(result.Succeeded, result.FirstError);
        var cells = CodeCells(Out("params.ipynb"));
        Assert.True(cells[1].HasTag("injected-parameters"));
        Assert.Equal("smoke", (string?)cells[2].Outputs.Single()["data"]!["text/plain"]);
    }

    [Fact]
    public void AnUnknownParameterIsAClearProblemAndNothingRuns()
    {
        var source = TestNotebooks.Write(_directory, "params.ipynb", "var profile = \"cpu\";", "profile");

        var result = Runner(parameters: new Dictionary<string, string> { ["epochs"] = "3" }).Run(source, Out("params.ipynb"));

        Assert.False(result.Succeeded);
        Assert.Contains("epochs", result.Problem);
        Assert.Null(result.Output);
        Assert.False(File.Exists(Out("params.ipynb")));
    }

    [Fact]
    public void AKernelThatExitsDuringStartUpIsStartedAgainThenReportedWithItsLastWords()
    {
        var source = TestNotebooks.Write(_directory, "k.ipynb", null, "1 + 1");
        var attempts = Path.Combine(_directory, "attempts.txt");
        var runner = new NotebookRunner(new RunnerOptions
        {
            // Stands in for a kernel that loses one of its ports to another process before binding it.
            KernelCommand = ["/bin/sh", "-c", $"echo started >> '{attempts}'; echo 'Unhandled exception. Address already in use' >&2; exit 7", "kernel"],
        });

        var result = runner.Run(source, Out("k.ipynb"));

        Assert.Equal(3, File.ReadAllLines(attempts).Length);
        Assert.Contains("did not start: it exited (exit code 7): Unhandled exception. Address already in use", result.Problem);
    }

    [Fact]
    public void AMalformedNotebookIsAProblemNamingTheFile()
    {
        var source = Path.Combine(_directory, "broken.ipynb");
        File.WriteAllText(source, "{ not json");

        var result = Runner().Run(source, Out("broken.ipynb"));

        Assert.Contains("broken.ipynb", result.Problem);
        Assert.Null(result.Output);
    }

    [Fact]
    public void UpdatedDisplaysEndUpWithTheirLastValue()
    {
        var source = TestNotebooks.Write(_directory, "update.ipynb", null,
            "var handle = display(\"epoch 1\");",
            "handle.Update(\"epoch 2\");");

        var result = Runner().Run(source, Out("update.ipynb"));

        Assert.True(result.Succeeded, result.FirstError);
        var shown = CodeCells(Out("update.ipynb"))[0].Outputs.Single();
        Assert.Contains("epoch 2", shown["data"]!["text/plain"]!.ToJsonString());
    }
}
