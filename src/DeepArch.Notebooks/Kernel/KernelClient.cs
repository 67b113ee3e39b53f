using System.Diagnostics;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// A minimal Jupyter client for one kernel, used from one thread: sends requests, and collects the iopub messages a
/// request caused until the kernel reports itself idle for it, as nbclient does.
/// </summary>
public sealed class KernelClient : IDisposable
{
    private readonly MessageSigner _signer;
    private readonly string _session = Guid.NewGuid().ToString();
    private readonly DealerSocket _shell = new();
    private readonly DealerSocket _control = new();
    private readonly DealerSocket _stdin = new();
    private readonly SubscriberSocket _iopub = new();
    private readonly List<JupyterMessage> _unclaimed = [];

    /// <summary>Connects to the kernel's sockets (nothing is sent yet).</summary>
    public KernelClient(ConnectionInfo connection)
    {
        _signer = new MessageSigner(connection.Key);
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub })
            socket.Options.Linger = TimeSpan.Zero;
        // The kernel sends input_request on stdin to the identity the execute_request came from on shell.
        _shell.Options.Identity = _stdin.Options.Identity = System.Text.Encoding.ASCII.GetBytes(_session);
        _shell.Connect(connection.Endpoint(connection.ShellPort));
        _control.Connect(connection.Endpoint(connection.ControlPort));
        _stdin.Connect(connection.Endpoint(connection.StdinPort));
        _iopub.Connect(connection.Endpoint(connection.IopubPort));
        _iopub.SubscribeToAnyTopic();
    }

    /// <summary>What a request produced: the reply and the iopub messages it caused, in order.</summary>
    public sealed record Exchange(JupyterMessage Reply, IReadOnlyList<JupyterMessage> Iopub);

    /// <summary>
    /// Asks for kernel_info until the kernel answers and its iopub messages arrive too (a subscriber misses what was
    /// published before it joined); returns the reply. <paramref name="replied"/> is called at the first reply.
    /// </summary>
    public JupyterMessage WaitForReady(TimeSpan timeout, Action? replied = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var request = Send(_shell, "kernel_info_request", []);
            if (!TryReceive(_shell, request, TimeSpan.FromSeconds(1), out var reply))
                continue;
            replied?.Invoke();
            replied = null;
            // Ask again soon if this request's status messages were published before the subscription took hold.
            if (TryCollectUntilIdle(request, TimeSpan.FromMilliseconds(200), out _))
                return reply;
        }
        throw new TimeoutException($"the kernel did not answer kernel_info within {timeout.TotalSeconds} s");
    }

    /// <summary>Sends a request on the shell channel and waits for its reply and for the kernel to be idle again.</summary>
    public Exchange Shell(string type, JsonObject content, TimeSpan timeout, Func<JupyterMessage, string?>? answerInput = null) =>
        Request(_shell, type, content, timeout, answerInput);

    /// <summary>Sends a request on the control channel and waits for its reply.</summary>
    public Exchange Control(string type, JsonObject content, TimeSpan timeout) => Request(_control, type, content, timeout, null);

    /// <summary>Runs code and returns the execute_reply with the outputs it caused.</summary>
    public Exchange Execute(string code, TimeSpan timeout, Func<JupyterMessage, string?>? answerInput = null) =>
        Shell("execute_request", new JsonObject
        {
            ["code"] = code,
            ["silent"] = false,
            ["store_history"] = true,
            ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = answerInput is not null,
            ["stop_on_error"] = true,
        }, timeout, answerInput);

    /// <summary>Sends an execute_request without waiting (to interrupt it, say); returns the request.</summary>
    public JupyterMessage StartExecute(string code) => Send(_shell, "execute_request", new JsonObject
    {
        ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
    });

    /// <summary>Waits for the next iopub message caused by <paramref name="request"/> that matches <paramref name="predicate"/>.</summary>
    public JupyterMessage? WaitForIopub(JupyterMessage request, Func<JupyterMessage, bool> predicate, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var seen = _unclaimed.FindIndex(m => IsChildOf(m, request) && predicate(m));
        if (seen >= 0)
            return _unclaimed[seen];
        while (clock.Elapsed < timeout)
        {
            NetMQMessage? frames = null;
            if (!_iopub.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref frames))
                continue;
            if (JupyterMessage.FromFrames(frames!, _signer, out _) is not { } message)
                continue;
            _unclaimed.Add(message);
            if (IsChildOf(message, request) && predicate(message))
                return message;
        }
        return null;
    }

    /// <summary>
    /// Takes the next iopub message, whatever caused it (messages put aside by the waits above come first); used by
    /// callers that stream outputs as they arrive.
    /// </summary>
    public bool TryReceiveIopub(TimeSpan timeout, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JupyterMessage? message)
    {
        if (_unclaimed.Count > 0)
        {
            message = _unclaimed[0];
            _unclaimed.RemoveAt(0);
            return true;
        }
        var frames = new NetMQMessage();
        message = _iopub.TryReceiveMultipartMessage(timeout, ref frames) ? JupyterMessage.FromFrames(frames, _signer, out _) : null;
        return message is not null;
    }

    /// <summary>Waits for the reply to a request sent earlier with <see cref="StartExecute"/>.</summary>
    public JupyterMessage? WaitForShellReply(JupyterMessage request, TimeSpan timeout) =>
        TryReceive(_shell, request, timeout, out var reply) ? reply : null;

    /// <summary>Sends a message signed with another key (to check the kernel ignores it); returns it.</summary>
    public JupyterMessage SendForged(string type, JsonObject content, string wrongKey)
    {
        var message = JupyterMessage.Create(type, content, _session);
        _shell.SendMultipartMessage(message.ToFrames(new MessageSigner(wrongKey)));
        return message;
    }

    private Exchange Request(DealerSocket socket, string type, JsonObject content, TimeSpan timeout, Func<JupyterMessage, string?>? answerInput)
    {
        var clock = Stopwatch.StartNew();
        var request = Send(socket, type, content);
        JupyterMessage? reply = null;
        while (reply is null && clock.Elapsed < timeout)
        {
            NetMQMessage? frames = null;
            if (answerInput is not null && _stdin.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(1), ref frames)
                && JupyterMessage.FromFrames(frames!, _signer, out _) is { MessageType: "input_request" } prompt)
            {
                _stdin.SendMultipartMessage(JupyterMessage.Create("input_reply", new JsonObject { ["value"] = answerInput(prompt) }, _session, prompt).ToFrames(_signer));
            }
            TryReceive(socket, request, TimeSpan.FromMilliseconds(20), out reply);
        }
        if (reply is null)
            throw new TimeoutException($"no reply to {type} within {timeout.TotalSeconds} s");
        if (!TryCollectUntilIdle(request, timeout - clock.Elapsed + TimeSpan.FromSeconds(1), out var iopub))
            throw new TimeoutException($"the kernel did not become idle after {type} within {timeout.TotalSeconds} s");
        return new Exchange(reply, iopub);
    }

    private JupyterMessage Send(DealerSocket socket, string type, JsonObject content)
    {
        var message = JupyterMessage.Create(type, content, _session);
        socket.SendMultipartMessage(message.ToFrames(_signer));
        return message;
    }

    private bool TryReceive(DealerSocket socket, JupyterMessage request, TimeSpan timeout, out JupyterMessage reply)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            // Computed once and never below 1 ms: NetMQ waits forever on a negative timeout.
            var remaining = timeout - clock.Elapsed;
            NetMQMessage? frames = null;
            if (socket.TryReceiveMultipartMessage(remaining > TimeSpan.FromMilliseconds(1) ? remaining : TimeSpan.FromMilliseconds(1), ref frames)
                && JupyterMessage.FromFrames(frames!, _signer, out _) is { } message && IsChildOf(message, request))
            {
                reply = message;
                return true;
            }
        }
        while (clock.Elapsed < timeout);
        reply = null!;
        return false;
    }

    private bool TryCollectUntilIdle(JupyterMessage request, TimeSpan timeout, out List<JupyterMessage> collected)
    {
        var idle = WaitForIopub(request, m => m.MessageType == "status" && (string?)m.Content["execution_state"] == "idle", timeout);
        collected = _unclaimed.Where(m => IsChildOf(m, request)).ToList();
        _unclaimed.RemoveAll(m => IsChildOf(m, request));
        return idle is not null;
    }

    private static bool IsChildOf(JupyterMessage message, JupyterMessage request) => (string?)message.ParentHeader["msg_id"] == request.Id;

    /// <summary>Closes the sockets.</summary>
    public void Dispose()
    {
        _shell.Dispose();
        _control.Dispose();
        _stdin.Dispose();
        _iopub.Dispose();
    }
}
