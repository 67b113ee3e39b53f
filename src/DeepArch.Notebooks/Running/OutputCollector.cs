using System.Text;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Kernel;

namespace DeepArch.Notebooks.Running;

/// <summary>
/// Turns the iopub messages of one cell into nbformat outputs, as nbclient does: consecutive stream text of one stream
/// is merged, <c>update_display_data</c> rewrites the output that showed that display id (in this cell or an earlier
/// one), <c>clear_output</c> empties the cell. Beyond <see cref="RunnerOptions.MaxOutputBytesPerCell"/> the rest is
/// dropped with a note, so a cell that floods its output cannot exhaust the runner or produce an unreadable notebook.
/// </summary>
internal sealed class OutputCollector(List<JsonObject> outputs, Dictionary<string, List<JsonObject>> displays, int maxBytes)
{
    private long _bytes;
    private bool _truncated;
    private bool _clearOnNextOutput;

    /// <summary>The execution count announced by <c>execute_input</c> or <c>execute_result</c>.</summary>
    public int? ExecutionCount { get; private set; }

    /// <summary>Whether the cell printed more than the cap at some point (clearing its output afterwards does not undo it).</summary>
    public bool Truncated => _truncated;

    /// <summary>The error output's one-line summary (<c>ename: evalue</c>), if the cell raised one.</summary>
    public string? Error { get; private set; }

    public void Add(JupyterMessage message)
    {
        var content = message.Content;
        switch (message.MessageType)
        {
            case "execute_input":
                ExecutionCount = (int?)content["execution_count"] ?? ExecutionCount;
                break;
            case "stream":
                AddStream((string?)content["name"] ?? "stdout", (string?)content["text"] ?? "");
                break;
            case "display_data":
                Append(Output("display_data", content), (string?)content["transient"]?["display_id"]);
                break;
            case "execute_result":
                ExecutionCount = (int?)content["execution_count"] ?? ExecutionCount;
                var result = Output("execute_result", content);
                result["execution_count"] = ExecutionCount;
                Append(result, (string?)content["transient"]?["display_id"]);
                break;
            case "update_display_data":
                Update((string?)content["transient"]?["display_id"], content);
                break;
            case "error":
                Error = $"{content["ename"]}: {content["evalue"]}";
                Append(new JsonObject
                {
                    ["output_type"] = "error",
                    ["ename"] = content["ename"]?.DeepClone(),
                    ["evalue"] = content["evalue"]?.DeepClone(),
                    ["traceback"] = content["traceback"]?.DeepClone() ?? new JsonArray(),
                }, displayId: null);
                break;
            case "clear_output":
                if ((bool?)content["wait"] == true)
                    _clearOnNextOutput = true;
                else
                    Clear();
                break;
        }
    }

    /// <summary>Adds an error output written by the runner itself (timeout, dead kernel).</summary>
    public void AddRunnerError(string name, string value)
    {
        Error = $"{name}: {value}";
        outputs.Add(new JsonObject { ["output_type"] = "error", ["ename"] = name, ["evalue"] = value, ["traceback"] = new JsonArray($"{name}: {value}") });
    }

    private void AddStream(string name, string text)
    {
        if (_clearOnNextOutput)
            Clear();
        if (_truncated)
            return;
        var kept = PrefixWithin(text, maxBytes - _bytes);
        _bytes += Encoding.UTF8.GetByteCount(kept);
        if (kept.Length > 0)
            AppendStream(name, kept);
        if (kept.Length < text.Length)
            Truncate();
    }

    /// <summary>The longest prefix of <paramref name="text"/> whose UTF-8 form fits in <paramref name="bytes"/>.</summary>
    private static string PrefixWithin(string text, long bytes)
    {
        long used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            used += Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            if (used > bytes)
                return text[..i];
            i += width - 1;
        }
        return text;
    }

    private void AppendStream(string name, string text)
    {
        if (outputs.Count > 0 && outputs[^1] is { } last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
            last["text"] = (string?)last["text"] + text;
        else
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
    }

    private void Append(JsonObject output, string? displayId)
    {
        if (_clearOnNextOutput)
            Clear();
        if (!Reserve(output.ToJsonString().Length))
            return;
        outputs.Add(output);
        if (displayId is not null)
        {
            if (!displays.TryGetValue(displayId, out var shown))
                displays[displayId] = shown = [];
            shown.Add(output);
        }
    }

    private void Update(string? displayId, JsonObject content)
    {
        if (displayId is null || !displays.TryGetValue(displayId, out var shown))
            return;
        foreach (var output in shown)
        {
            output["data"] = content["data"]?.DeepClone() ?? new JsonObject();
            output["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject();
        }
    }

    private void Clear()
    {
        _clearOnNextOutput = false;
        outputs.Clear();
        _bytes = 0;
    }

    private bool Reserve(int bytes)
    {
        if (_truncated)
            return false;
        if (_bytes + bytes <= maxBytes)
        {
            _bytes += bytes;
            return true;
        }
        Truncate();
        return false;
    }

    private void Truncate()
    {
        _truncated = true;
        outputs.Add(new JsonObject
        {
            ["output_type"] = "stream",
            ["name"] = "stderr",
            ["text"] = $"\n[deeparch: output truncated: this cell printed more than {(maxBytes / (1024 * 1024.0)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} MB; the rest was dropped]\n",
        });
    }

    private static JsonObject Output(string type, JsonObject content) => new()
    {
        ["output_type"] = type,
        ["data"] = content["data"]?.DeepClone() ?? new JsonObject(),
        ["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject(),
    };
}
