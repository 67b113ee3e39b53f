using System.Diagnostics;
using DeepArch.Notebooks.Engine;

namespace DeepArch.Notebooks.Tests.Engine;

public sealed class ExecutionSessionTests
{
    private readonly ExecutionSession _session = new();

    private SessionRun Run(string code) => SessionRun.Of(_session, code);

    [Fact]
    public void Variables_declared_in_one_cell_are_visible_in_the_next()
    {
        Run("var x = 41;").Succeeds();
        Assert.Equal("42", Run("x + 1").Succeeds().ResultText);
    }

    [Fact]
    public void Usings_and_types_carry_over_between_cells()
    {
        Run("using System.Text.Json;\nrecord Point(int X, int Y);").Succeeds();
        Assert.Equal("""{"X":1,"Y":2}""", Run("JsonSerializer.Serialize(new Point(1, 2))").Succeeds().ResultText);
    }

    [Fact]
    public void Last_expression_becomes_the_execute_result_with_the_execution_count()
    {
        Run("var first = 1;").Succeeds();
        var run = Run("\"hello\"").Succeeds();
        var result = Assert.Single(run.Outputs.OfType<ExecuteResultOutput>());
        Assert.Equal("hello", result.Data.GetText("text/plain"));
        Assert.Equal(2, result.ExecutionCount);
    }

    [Fact]
    public void Statements_and_void_calls_give_no_execute_result()
    {
        Assert.Empty(Run("var y = 3;").Succeeds().Outputs.OfType<ExecuteResultOutput>());
        Assert.Empty(Run("Console.WriteLine(y)").Succeeds().Outputs.OfType<ExecuteResultOutput>());
    }

    [Fact]
    public void Console_output_and_error_become_stdout_and_stderr_streams()
    {
        var run = Run("Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\");").Succeeds();
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);
    }

    [Fact]
    public void Many_short_lines_are_sent_in_a_few_batches_with_nothing_lost()
    {
        var run = Run("for (var i = 0; i < 200_000; i++) Console.WriteLine(i % 10);").Succeeds();

        var batches = run.Outputs.OfType<StreamOutput>().Count();
        Assert.Equal(400_000, run.Stdout.Length);
        Assert.Equal(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i % 10}\n")), run.Stdout);
        Assert.InRange(batches, 7, 100);   // 400 000 characters in batches of at most 64 Ki
    }

    [Fact]
    public void Stream_output_arrives_while_the_cell_is_still_running()
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? firstOutputAt = null;
        _session.Execute("Console.WriteLine(\"early\"); System.Threading.Thread.Sleep(600); Console.WriteLine(\"late\");",
            o => firstOutputAt ??= clock.Elapsed);
        var finishedAt = clock.Elapsed;
        Assert.NotNull(firstOutputAt);
        Assert.True(finishedAt - firstOutputAt.Value > TimeSpan.FromMilliseconds(400),
            $"first output at {firstOutputAt.Value.TotalMilliseconds} ms, cell finished at {finishedAt.TotalMilliseconds} ms");
    }

    [Fact]
    public void Compile_error_names_the_cell_and_line_and_the_session_goes_on()
    {
        Run("var a = 1;").Succeeds();
        var error = Run("var b = 2;\nvar c = nope + 1;").Error;
        Assert.Equal("CompilationError", error.Name);
        Assert.StartsWith("cell2.csx(2,9): error CS0103", error.Traceback[0]);
        Assert.Contains("nope", error.Traceback[0]);
        Assert.Equal("1", Run("a").Succeeds().ResultText);
    }

    [Fact]
    public void Exception_names_the_cell_and_line_and_the_session_goes_on()
    {
        var error = Run("var before = 5;\nthrow new InvalidOperationException(\"boom\");").Error;
        Assert.Equal("System.InvalidOperationException", error.Name);
        Assert.Equal("boom", error.Value);
        Assert.StartsWith("cell1.csx(2,", error.Traceback[0]);
        Assert.Contains("InvalidOperationException: boom", error.Traceback[0]);
        Assert.Equal("6", Run("before + 1").Succeeds().ResultText);
    }

    [Fact]
    public void Exception_in_a_method_defined_earlier_points_at_that_cell()
    {
        Run("int Fail(int x)\n{\n    return 10 / x;\n}").Succeeds();
        var error = Run("Fail(0)").Error;
        Assert.Equal("System.DivideByZeroException", error.Name);
        Assert.StartsWith("cell1.csx(3,", error.Traceback[0]);
        Assert.Contains(error.Traceback, line => line.Contains("Fail in cell1.csx:line 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_ReadLine_asks_the_front_end()
    {
        var prompts = new List<string>();
        var run = SessionRun.Of(_session, "var name = Console.ReadLine();\n$\"hi {name}\"", (prompt, _) => { prompts.Add(prompt); return "Ada"; }).Succeeds();
        Assert.Equal("hi Ada", run.ResultText);
        Assert.Single(prompts);
    }

    [Fact]
    public void Console_ReadLine_without_input_is_a_clear_error()
    {
        var error = Run("Console.ReadLine()").Error;
        Assert.Contains("does not accept input", error.Value);
    }

    [Fact]
    public void Interrupt_stops_a_cell_that_prints()
    {
        var started = new ManualResetEventSlim();
        CellResult? result = null;
        var runner = new Thread(() => result = _session.Execute(
            "for (var i = 0; ; i++) { Console.WriteLine(i); System.Threading.Thread.SpinWait(1000); }",
            _ => started.Set()));
        runner.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        _session.Interrupt();
        Assert.True(runner.Join(TimeSpan.FromSeconds(10)), "the cell did not stop");
        Assert.Equal("OperationCanceledException", result!.Error!.Name);
        Assert.Equal("2", Run("1 + 1").Succeeds().ResultText);
    }

    [Fact]
    public void Interrupt_cancels_the_token_awaited_work_uses()
    {
        var started = new ManualResetEventSlim();
        CellResult? result = null;
        var runner = new Thread(() => result = _session.Execute(
            "Console.WriteLine(\"waiting\");\nawait Task.Delay(TimeSpan.FromMinutes(5), CancellationToken);",
            _ => started.Set()));
        runner.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        _session.Interrupt();
        Assert.True(runner.Join(TimeSpan.FromSeconds(10)), "the cell did not stop");
        Assert.Equal("OperationCanceledException", result!.Error!.Name);
    }

    [Fact]
    public void A_compiler_crash_is_an_error_on_the_cell_and_the_session_goes_on()
    {
        var session = new ExecutionSession();
        SessionRun.Of(session, "var profile = \"cpu\";").Succeeds();

        var crash = SessionRun.Of(session, "var (a, b) = profile switch { \"smoke\" => (1, 2), _ => (3, 4) };");

        Assert.Equal("CompilerCrash", crash.Error.Name);
        Assert.Contains("compiler bug", crash.Error.Value);
        Assert.Equal("cpu", SessionRun.Of(session, "profile").Succeeds().ResultText);
    }
}
