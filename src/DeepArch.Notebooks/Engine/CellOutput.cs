using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Engine;

/// <summary>Something a running cell produced, in the shape of a Jupyter iopub message and an nbformat output.</summary>
public abstract record CellOutput
{
    /// <summary>The nbformat output object (for an update, the output that replaces those with the same display id).</summary>
    public abstract JsonObject ToJson();
}

/// <summary>Text written to <c>stdout</c> or <c>stderr</c>.</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson() => new() { ["name"] = Name, ["output_type"] = "stream", ["text"] = Text };
}

/// <summary>
/// A <c>display(...)</c> call (<see cref="IsUpdate"/> false) or an update of an earlier one through its handle
/// (<see cref="IsUpdate"/> true, <c>update_display_data</c>: replace every output that has the same <see cref="DisplayId"/>).
/// </summary>
public sealed record DisplayOutput(MimeBundle Data, string DisplayId, bool IsUpdate) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["data"] = Data.ToJson(),
        ["metadata"] = new JsonObject(),
        ["output_type"] = "display_data",
    };
}

/// <summary>The value of the cell's last expression.</summary>
public sealed record ExecuteResultOutput(MimeBundle Data, int ExecutionCount) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["data"] = Data.ToJson(),
        ["execution_count"] = ExecutionCount,
        ["metadata"] = new JsonObject(),
        ["output_type"] = "execute_result",
    };
}

/// <summary>A compile error or an exception; <see cref="Traceback"/> lines start with the cell and line (<c>cell7.csx(2,11)</c>).</summary>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["ename"] = Name,
        ["evalue"] = Value,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?)t).ToArray()),
    };
}
