using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Kernel;

namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>The kernel process driven through the Jupyter protocol by the project's own client.</summary>
public sealed class KernelProtocolTests : IDisposable
{
    private readonly TestKernel _kernel = TestKernel.Start();

    private KernelClient Client => _kernel.Client;

    public void Dispose() => _kernel.Dispose();

    private static string? Status(JupyterMessage reply) => (string?)reply.Content["status"];

    [Fact]
    public void Kernel_info_reports_protocol_and_language_with_busy_then_idle()
    {
        var exchange = Client.Shell("kernel_info_request", [], TestKernel.Timeout);
        Assert.Equal("5.3", (string?)exchange.Reply.Content["protocol_version"]);
        Assert.Equal("C#", (string?)exchange.Reply.Content["language_info"]!["name"]);
        Assert.Equal(["busy", "idle"], exchange.Iopub.Where(m => m.MessageType == "status").Select(m => (string?)m.Content["execution_state"]));
    }

    [Fact]
    public void Execute_publishes_input_streams_and_result_then_replies_ok()
    {
        var exchange = Client.Execute("Console.WriteLine(\"hi\");\n6 * 7", TestKernel.Timeout);
        Assert.Equal("ok", Status(exchange.Reply));
        Assert.Equal(
            ["status", "execute_input", "stream", "execute_result", "status"],
            exchange.Iopub.Select(m => m.MessageType));
        Assert.Equal("hi\n", (string?)exchange.Iopub[2].Content["text"]);
        Assert.Equal("42", (string?)exchange.Iopub[3].Content["data"]!["text/plain"]);
        Assert.Equal(1, (int?)exchange.Iopub[3].Content["execution_count"]);
    }

    [Fact]
    public void Error_is_published_and_replied_with_cell_and_line()
    {
        var exchange = Client.Execute("var ok = 1;\nthrow new Exception(\"boom\");", TestKernel.Timeout);
        Assert.Equal("error", Status(exchange.Reply));
        Assert.Equal("boom", (string?)exchange.Reply.Content["evalue"]);
        var error = Assert.Single(exchange.Iopub, m => m.MessageType == "error");
        Assert.StartsWith("cell1.csx(2,", (string?)error.Content["traceback"]![0]);
        Assert.Equal("ok", Status(Client.Execute("ok + 1", TestKernel.Timeout).Reply));
    }

    [Fact]
    public void Display_update_is_published_as_update_display_data_with_the_same_id()
    {
        var exchange = Client.Execute("var h = display(\"a\");\nh.Update(\"b\");", TestKernel.Timeout);
        var shown = Assert.Single(exchange.Iopub, m => m.MessageType == "display_data");
        var updated = Assert.Single(exchange.Iopub, m => m.MessageType == "update_display_data");
        Assert.Equal((string?)shown.Content["transient"]!["display_id"], (string?)updated.Content["transient"]!["display_id"]);
        Assert.Equal("b", (string?)updated.Content["data"]!["text/plain"]);
    }

    [Fact]
    public void Badly_signed_request_is_dropped_and_never_executed()
    {
        Client.SendForged("execute_request", new JsonObject { ["code"] = "var forged = 1;", ["silent"] = false }, wrongKey: "not-the-key");
        var exchange = Client.Execute("forged", TestKernel.Timeout);
        Assert.Equal("error", Status(exchange.Reply));
        Assert.Contains("CS0103", (string?)exchange.Reply.Content["evalue"]);
        Assert.Equal(1, (int?)exchange.Reply.Content["execution_count"]);
    }

    [Fact]
    public void Interrupt_stops_a_cooperative_loop_promptly_and_the_kernel_goes_on()
    {
        var request = Client.StartExecute("while (true)\n{\n    Console.WriteLine(\"step\");\n    await Task.Delay(50, CancellationToken);\n}");
        Assert.NotNull(Client.WaitForIopub(request, m => m.MessageType == "stream", TestKernel.Timeout));
        var clock = Stopwatch.StartNew();
        Assert.Equal("ok", Status(Client.Control("interrupt_request", [], TestKernel.Timeout).Reply));
        var reply = Client.WaitForShellReply(request, TestKernel.Timeout);
        Assert.NotNull(reply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds} s");
        Assert.Equal("OperationCanceledException", (string?)reply.Content["ename"]);
        Assert.Equal("ok", Status(Client.Execute("1 + 1", TestKernel.Timeout).Reply));
    }

    [Fact]
    public void Cells_queued_behind_an_error_are_aborted_and_answered_after_it()
    {
        var failing = Client.StartExecute("System.Threading.Thread.Sleep(500);\nthrow new Exception(\"boom\");");
        var queued = Client.StartExecute("1 + 1");
        Assert.Equal("error", (string?)Client.WaitForShellReply(failing, TestKernel.Timeout)?.Content["status"]);
        Assert.Equal("aborted", (string?)Client.WaitForShellReply(queued, TestKernel.Timeout)?.Content["status"]);
    }

    [Fact]
    public void A_cell_sent_right_after_an_error_reply_is_run_not_aborted()
    {
        for (var round = 0; round < 40; round++)
        {
            var failing = Client.StartExecute("throw new Exception(\"boom\");");
            Assert.Equal("error", (string?)Client.WaitForShellReply(failing, TestKernel.Timeout)?.Content["status"]);
            Assert.Equal("ok", Status(Client.Execute("1 + 1", TestKernel.Timeout).Reply));
        }
    }

    [Fact]
    public void Interrupt_cuts_a_blocking_wait()
    {
        var request = Client.StartExecute("Console.WriteLine(\"sleeping\");\nSystem.Threading.Thread.Sleep(60_000);");
        Assert.NotNull(Client.WaitForIopub(request, m => m.MessageType == "stream", TestKernel.Timeout));
        Client.Control("interrupt_request", [], TestKernel.Timeout);
        var reply = Client.WaitForShellReply(request, TimeSpan.FromSeconds(5));
        Assert.Equal("error", (string?)reply?.Content["status"]);
    }

    [Fact]
    public void Console_ReadLine_asks_the_front_end_through_stdin()
    {
        var exchange = Client.Execute("var name = Console.ReadLine();\n$\"hi {name}\"", TestKernel.Timeout, answerInput: _ => "Ada");
        Assert.Equal("hi Ada", (string?)exchange.Iopub.Single(m => m.MessageType == "execute_result").Content["data"]!["text/plain"]);
    }

    [Fact]
    public void Complete_offers_locals_and_members()
    {
        Client.Execute("var learningRate = 0.1;\nvar text = \"abc\";", TestKernel.Timeout);
        var locals = Client.Shell("complete_request", new JsonObject { ["code"] = "learn", ["cursor_pos"] = 5 }, TestKernel.Timeout).Reply;
        Assert.Contains("learningRate", locals.Content["matches"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(0, (int?)locals.Content["cursor_start"]);

        var members = Client.Shell("complete_request", new JsonObject { ["code"] = "text.ToUpp", ["cursor_pos"] = 10 }, TestKernel.Timeout).Reply;
        Assert.Contains("ToUpperInvariant", members.Content["matches"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(5, (int?)members.Content["cursor_start"]);
    }

    [Fact]
    public void Inspect_describes_the_symbol_under_the_cursor()
    {
        Client.Execute("var epochs = 3;", TestKernel.Timeout);
        var reply = Client.Shell("inspect_request", new JsonObject { ["code"] = "epochs + 1", ["cursor_pos"] = 2, ["detail_level"] = 0 }, TestKernel.Timeout).Reply;
        Assert.True((bool?)reply.Content["found"]);
        Assert.Contains("int", (string?)reply.Content["data"]!["text/plain"]);
    }

    [Fact]
    public void Is_complete_tells_an_open_block_from_a_finished_statement()
    {
        Assert.Equal("incomplete", Status(Client.Shell("is_complete_request", new JsonObject { ["code"] = "if (true) {" }, TestKernel.Timeout).Reply));
        Assert.Equal("complete", Status(Client.Shell("is_complete_request", new JsonObject { ["code"] = "var x = 1;" }, TestKernel.Timeout).Reply));
    }

    [Fact]
    public void Shutdown_replies_then_the_process_exits_cleanly()
    {
        var reply = Client.Control("shutdown_request", new JsonObject { ["restart"] = false }, TestKernel.Timeout).Reply;
        Assert.Equal("shutdown_reply", reply.MessageType);
        Assert.True(_kernel.WaitForExit(TimeSpan.FromSeconds(10)), "the kernel did not exit");
        Assert.Equal(0, _kernel.Launcher.Process.ExitCode);
    }
}
