using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using DeepArch.Display;
using DeepArch.Notebooks.Engine;
using NetMQ;
using NetMQ.Sockets;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) for C# notebooks. Threads: one poller thread owns the shell, control,
/// stdin and iopub sockets (NetMQ sockets are not thread-safe; other threads hand it messages through a queue); the
/// heartbeat has its own thread and socket; cells run on a dedicated execution thread, so interrupt and shutdown on
/// the control channel are served while a cell runs.
/// </summary>
public sealed class KernelServer
{
    /// <summary>How long an interrupted cell may take to stop before the kernel gives up on it and exits.</summary>
    public static TimeSpan InterruptGrace { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("DEEPARCH_KERNEL_INTERRUPT_GRACE_S"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(5);

    /// <summary>Exit code when a cell ignored an interrupt and the kernel quit so that the front end restarts it.</summary>
    public const int RunawayExitCode = 3;

    private readonly ConnectionInfo _connection;
    private readonly MessageSigner _signer;
    private readonly string _session = Guid.NewGuid().ToString();
    private readonly ExecutionSession _engine = new();
    private readonly NetMQQueue<Outgoing> _outgoing = new();
    private readonly BlockingCollection<JupyterMessage> _requests = new();
    private readonly BlockingCollection<JupyterMessage> _inputReplies = new();
    private readonly Lock _cellGate = new();
    private readonly Thread _executor;
    private RouterSocket? _shell;
    private RouterSocket? _control;
    private RouterSocket? _stdin;
    private PublisherSocket? _iopub;
    private NetMQPoller? _poller;
    private JupyterMessage? _currentRequest;
    private bool _cellRunning;
    private long _cellSerial;
    private int _exitCode;

    /// <summary>Environment variable that, set to 0, stops the kernel from sending plotly.js to its front end.</summary>
    public const string PlotlyJsVariable = "DEEPARCH_KERNEL_PLOTLYJS";

    // Front ends without a Plotly renderer (the classic Notebook) draw a chart from its text/html fallback, which uses
    // the page's window.Plotly: the kernel sends plotly.js once per session, before the first chart, so charts draw
    // offline there. Kernels that deeparch starts itself (headless runs, grading) have no page and skip it.
    private bool _plotlyJsSent = Environment.GetEnvironmentVariable(PlotlyJsVariable) == "0";

    /// <summary>A message for the poller thread to send; a null message asks it to stop once everything before is sent.</summary>
    private sealed record Outgoing(Channel Channel, JupyterMessage? Message);

    /// <summary>Prepares a kernel for the sockets of a connection file (nothing is bound until <see cref="Run"/>).</summary>
    public KernelServer(ConnectionInfo connection)
    {
        _connection = connection;
        _signer = new MessageSigner(connection.Key);
        _executor = new Thread(ExecuteRequests) { IsBackground = true, Name = "notebook-cells" };
    }

    /// <summary>Serves the front end until it shuts the kernel down (or goes away); returns the process exit code.</summary>
    public int Run()
    {
        using var shell = _shell = new RouterSocket();
        using var control = _control = new RouterSocket();
        using var stdin = _stdin = new RouterSocket();
        using var iopub = _iopub = new PublisherSocket();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub })
            socket.Options.Linger = TimeSpan.FromSeconds(1);
        shell.Bind(_connection.Endpoint(_connection.ShellPort));
        control.Bind(_connection.Endpoint(_connection.ControlPort));
        stdin.Bind(_connection.Endpoint(_connection.StdinPort));
        iopub.Bind(_connection.Endpoint(_connection.IopubPort));

        shell.ReceiveReady += (_, e) => Receive(Channel.Shell, e.Socket);
        control.ReceiveReady += (_, e) => Receive(Channel.Control, e.Socket);
        stdin.ReceiveReady += (_, e) => Receive(Channel.Stdin, e.Socket);
        _outgoing.ReceiveReady += (_, _) => Flush();

        using (var poller = _poller = new NetMQPoller { shell, control, stdin, _outgoing })
        using (new Heartbeat(_connection.Endpoint(_connection.HeartbeatPort)))
        using (new ParentWatcher(() => { KernelLog.Write("the front end's process is gone; exiting"); Stop(); }))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSigint))
        {
            _executor.Start();
            KernelLog.Write($"listening on {_connection.Endpoint(_connection.ShellPort)} (shell)");
            poller.Run();
            _requests.CompleteAdding();
        }
        // The heartbeat is stopped (using block above) before this: NetMQ's cleanup must find no socket open.
        shell.Dispose();
        control.Dispose();
        stdin.Dispose();
        iopub.Dispose();
        _outgoing.Dispose();
        NetMQConfig.Cleanup(block: true);
        return _exitCode;
    }

    private void OnSigint(PosixSignalContext context)
    {
        // jupyter_client may send SIGINT (e.g. before a shutdown); .NET's default would kill the process.
        context.Cancel = true;
        Interrupt();
    }

    private void Stop(int exitCode = 0)
    {
        _exitCode = exitCode;
        _outgoing.Enqueue(new Outgoing(Channel.Iopub, null));
    }

    private void Receive(Channel channel, NetMQSocket socket)
    {
        var frames = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(ref frames))
        {
            var message = JupyterMessage.FromFrames(frames, _signer, out var problem);
            if (message is null)
            {
                KernelLog.Write($"dropped a message on {channel.ToString().ToLowerInvariant()}: {problem}");
                continue;
            }
            switch (channel)
            {
                case Channel.Shell:
                    _requests.Add(message);
                    break;
                case Channel.Control:
                    HandleControl(message);
                    break;
                case Channel.Stdin when message.MessageType == "input_reply":
                    _inputReplies.Add(message);
                    break;
                default:
                    KernelLog.Write($"ignored {message.MessageType} on {channel.ToString().ToLowerInvariant()}");
                    break;
            }
        }
    }

    /// <summary>Runs on the poller thread: control requests are answered even while a cell runs.</summary>
    private void HandleControl(JupyterMessage request)
    {
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        switch (request.MessageType)
        {
            case "interrupt_request":
                Interrupt();
                Reply(Channel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                Shutdown(Channel.Control, request);
                return;
            case "kernel_info_request":
                Reply(Channel.Control, request, "kernel_info_reply", KernelInfo());
                break;
            default:
                KernelLog.Write($"ignored {request.MessageType} on control");
                break;
        }
        Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
    }

    private void Shutdown(Channel channel, JupyterMessage request)
    {
        var restart = request.Content["restart"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
        Reply(channel, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        // A restart is done by the front end, which starts a new kernel process: this one only has to go away.
        Stop();
    }

    /// <summary>
    /// Asks the running cell to stop (cooperative cancellation, and <see cref="Thread.Interrupt"/> for blocking waits);
    /// if it is still running after <see cref="InterruptGrace"/> it can't be stopped, and the kernel says so and exits.
    /// </summary>
    private void Interrupt()
    {
        long serial;
        JupyterMessage? request;
        lock (_cellGate)
        {
            if (!_cellRunning)
                return;
            _engine.Interrupt();
            _executor.Interrupt();
            serial = _cellSerial;
            request = _currentRequest;
        }
        _ = Task.Delay(InterruptGrace).ContinueWith(_ =>
        {
            lock (_cellGate)
            {
                if (!_cellRunning || _cellSerial != serial)
                    return;
            }
            const string Text = "The cell did not stop when interrupted (it neither waits nor prints, so it cannot be stopped from outside). The kernel exits so that it can be restarted.\n";
            KernelLog.Write("an interrupted cell did not stop; exiting");
            Publish("stream", new JsonObject { ["name"] = "stderr", ["text"] = Text }, request);
            Stop(RunawayExitCode);
        }, TaskScheduler.Default);
    }

    private void ExecuteRequests()
    {
        while (!_requests.IsCompleted)
        {
            JupyterMessage request;
            try
            {
                request = _requests.Take();
            }
            catch (InvalidOperationException)
            {
                break;
            }
            catch (ThreadInterruptedException)
            {
                continue;
            }
            Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
            try
            {
                HandleShell(request);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                KernelLog.Write($"failed to handle {request.MessageType}: {e}");
            }
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        }
    }

    private void HandleShell(JupyterMessage request)
    {
        var content = request.Content;
        var code = (string?)content["code"] ?? "";
        switch (request.MessageType)
        {
            case "execute_request":
                Execute(request);
                break;
            case "kernel_info_request":
                Reply(Channel.Shell, request, "kernel_info_reply", KernelInfo());
                break;
            case "complete_request":
            {
                var cursor = CodePoints.ToUtf16(code, (int?)content["cursor_pos"] ?? code.Length);
                var completions = CodeAssistance.Complete(_engine, code, cursor);
                Reply(Channel.Shell, request, "complete_reply", new JsonObject
                {
                    ["status"] = "ok",
                    ["matches"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)m).ToArray()),
                    ["cursor_start"] = CodePoints.FromUtf16(code, completions.Start),
                    ["cursor_end"] = CodePoints.FromUtf16(code, completions.End),
                    ["metadata"] = new JsonObject(),
                });
                break;
            }
            case "inspect_request":
            {
                var cursor = CodePoints.ToUtf16(code, (int?)content["cursor_pos"] ?? code.Length);
                var text = CodeAssistance.Inspect(_engine, code, cursor);
                Reply(Channel.Shell, request, "inspect_reply", new JsonObject
                {
                    ["status"] = "ok",
                    ["found"] = text is not null,
                    ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
                    ["metadata"] = new JsonObject(),
                });
                break;
            }
            case "is_complete_request":
                Reply(Channel.Shell, request, "is_complete_reply", CodeAssistance.IsComplete(code)
                    ? new JsonObject { ["status"] = "complete" }
                    : new JsonObject { ["status"] = "incomplete", ["indent"] = "    " });
                break;
            case "history_request":
                // The kernel keeps no history across sessions: an empty, valid answer.
                Reply(Channel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "comm_info_request":
                Reply(Channel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "comm_open":
                // No comm targets (widgets) exist here: close the comm, as Jupyter kernels do for unknown targets.
                Publish("comm_close", new JsonObject { ["comm_id"] = content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() }, request);
                break;
            case "shutdown_request":
                _outgoing.Enqueue(new Outgoing(Channel.Shell, JupyterMessage.Create("shutdown_reply",
                    new JsonObject { ["status"] = "ok", ["restart"] = content["restart"]?.DeepClone() ?? false }, _session, request)));
                Stop();
                break;
            default:
                KernelLog.Write($"ignored {request.MessageType} on shell");
                break;
        }
    }

    private void Execute(JupyterMessage request)
    {
        var content = request.Content;
        var code = (string?)content["code"] ?? "";
        var silent = (bool?)content["silent"] ?? false;
        var storeHistory = !silent && ((bool?)content["store_history"] ?? true);
        var allowStdin = (bool?)content["allow_stdin"] ?? false;
        var stopOnError = (bool?)content["stop_on_error"] ?? true;
        if (!silent)
            Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = _engine.ExecutionCount + (storeHistory ? 1 : 0) }, request);

        lock (_cellGate)
        {
            _cellRunning = true;
            _cellSerial++;
            _currentRequest = request;
        }
        CellResult result;
        try
        {
            result = _engine.Execute(code, output => PublishOutput(output, request, silent),
                allowStdin ? (prompt, password) => ReadInput(request, prompt, password) : null, storeHistory);
        }
        finally
        {
            lock (_cellGate)
                _cellRunning = false;
            ClearPendingInterrupt();
        }

        var reply = result.Error is { } error
            ? new JsonObject
            {
                ["status"] = "error",
                ["execution_count"] = result.ExecutionCount,
                ["ename"] = error.Name,
                ["evalue"] = error.Value,
                ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)t).ToArray()),
            }
            : new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = result.ExecutionCount,
                ["user_expressions"] = new JsonObject(),
                ["payload"] = new JsonArray(),
            };
        // The queue is emptied before the reply leaves: a cell the front end sends once it has seen
        // the error must run, only those already waiting behind the failed one are aborted.
        var aborted = !result.Succeeded && stopOnError ? TakeQueuedExecutions() : [];
        Reply(Channel.Shell, request, "execute_reply", reply);
        foreach (var queued in aborted)
        {
            Publish("status", new JsonObject { ["execution_state"] = "busy" }, queued);
            Reply(Channel.Shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _engine.ExecutionCount });
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, queued);
        }
    }

    /// <summary>An interrupt that arrived as the cell finished must not hit the kernel's own next wait.</summary>
    private static void ClearPendingInterrupt()
    {
        try
        {
            Thread.Sleep(0);
        }
        catch (ThreadInterruptedException)
        {
        }
    }

    /// <summary>Takes the cells queued behind a failed one (a "run all"): they are not run but answered "aborted".</summary>
    private List<JupyterMessage> TakeQueuedExecutions()
    {
        var aborted = new List<JupyterMessage>();
        var kept = new List<JupyterMessage>();
        while (_requests.TryTake(out var queued))
            (queued.MessageType == "execute_request" ? aborted : kept).Add(queued);
        foreach (var request in kept)
            _requests.Add(request);
        return aborted;
    }

    private string? ReadInput(JupyterMessage request, string prompt, bool password)
    {
        while (_inputReplies.TryTake(out _))
        {
            // Replies to earlier prompts that were given up on are stale.
        }
        _outgoing.Enqueue(new Outgoing(Channel.Stdin, JupyterMessage.Create("input_request",
            new JsonObject { ["prompt"] = prompt, ["password"] = password }, _session, request)));
        var reply = _inputReplies.Take();
        return (string?)reply.Content["value"];
    }

    private void PublishOutput(CellOutput output, JupyterMessage request, bool silent)
    {
        switch (output)
        {
            case StreamOutput s:
                Publish("stream", new JsonObject { ["name"] = s.Name, ["text"] = s.Text }, request);
                break;
            case DisplayOutput d:
                SendPlotlyJsBefore(d.Data, request);
                Publish(d.IsUpdate ? "update_display_data" : "display_data", new JsonObject
                {
                    ["data"] = d.Data.ToJson(),
                    ["metadata"] = new JsonObject(),
                    ["transient"] = new JsonObject { ["display_id"] = d.DisplayId },
                }, request);
                break;
            case ExecuteResultOutput r when !silent:
                SendPlotlyJsBefore(r.Data, request);
                Publish("execute_result", r.ToJson().Let(o => o.Remove("output_type")), request);
                break;
            case ErrorOutput e:
                Publish("error", e.ToJson().Let(o => o.Remove("output_type")), request);
                break;
        }
    }

    private JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "deeparch",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "13.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"DeepArch C# kernel (Roslyn scripting) on .NET {Environment.Version}",
        ["help_links"] = new JsonArray(),
        ["debugger"] = false,
    };

    private void Reply(Channel channel, JupyterMessage request, string type, JsonObject content) =>
        _outgoing.Enqueue(new Outgoing(channel, JupyterMessage.Create(type, content, _session, request)));

    private void SendPlotlyJsBefore(MimeBundle data, JupyterMessage request)
    {
        if (_plotlyJsSent || !data.Contains(PlotlyMime))
            return;
        _plotlyJsSent = true;
        Publish("display_data", new JsonObject
        {
            ["data"] = new JsonObject { ["text/html"] = PlotlyJs.InlineScriptTag() },
            ["metadata"] = new JsonObject { ["deeparch"] = new JsonObject { ["plotlyjs"] = PlotlyJs.Version } },
            ["transient"] = new JsonObject(),
        }, request);
    }

    private const string PlotlyMime = "application/vnd.plotly.v1+json";

    private void Publish(string type, JsonObject content, JupyterMessage? parent) =>
        _outgoing.Enqueue(new Outgoing(Channel.Iopub, JupyterMessage.Create(type, content, _session, parent, identities: [System.Text.Encoding.UTF8.GetBytes(type)])));

    /// <summary>Runs on the poller thread: sends everything queued, in order.</summary>
    private void Flush()
    {
        while (_outgoing.TryDequeue(out var item, TimeSpan.Zero))
        {
            if (item.Message is null)
            {
                _poller!.Stop();
                return;
            }
            NetMQSocket socket = item.Channel switch
            {
                Channel.Shell => _shell!,
                Channel.Control => _control!,
                Channel.Stdin => _stdin!,
                _ => _iopub!,
            };
            socket.SendMultipartMessage(item.Message.ToFrames(_signer));
        }
    }
}
