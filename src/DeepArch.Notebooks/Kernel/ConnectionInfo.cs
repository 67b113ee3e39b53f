using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepArch.Notebooks.Kernel;

/// <summary>A Jupyter connection file: where the kernel's five sockets listen and the key messages are signed with.</summary>
public sealed record ConnectionInfo
{
    /// <summary><c>tcp</c> or <c>ipc</c>.</summary>
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";

    /// <summary>The address to bind (tcp) or the path prefix (ipc).</summary>
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Port of the shell (request/reply) channel.</summary>
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }

    /// <summary>Port of the iopub (broadcast) channel.</summary>
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }

    /// <summary>Port of the stdin (input request) channel.</summary>
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }

    /// <summary>Port of the control (interrupt, shutdown) channel.</summary>
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }

    /// <summary>Port of the heartbeat echo socket.</summary>
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }

    /// <summary>HMAC key; empty disables signing (as Jupyter allows).</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";

    /// <summary>Only <c>hmac-sha256</c> is supported.</summary>
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    /// <summary>The endpoint of a channel, in ZeroMQ form.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";

    /// <summary>Reads a connection file; anything unusable is an error that names the file.</summary>
    public static ConnectionInfo Load(string path)
    {
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"cannot read the connection file {path}: {e.Message}", e);
        }
        if (info is null)
            throw new InvalidOperationException($"the connection file {path} is empty");
        if (info.Key.Length > 0 && info.SignatureScheme != "hmac-sha256")
            throw new InvalidOperationException($"the connection file {path} asks for signature scheme '{info.SignatureScheme}'; only hmac-sha256 is supported");
        return info;
    }

    /// <summary>The connection file's JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
}
