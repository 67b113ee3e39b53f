using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NetMQ;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// One message of the Jupyter messaging protocol (5.3): routing identities, then header, parent header, metadata and
/// content, each a JSON object, signed together.
/// </summary>
public sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    private const string Delimiter = "<IDS|MSG>";

    /// <summary>ROUTER identities of the sender, echoed on replies so they reach it.</summary>
    public IReadOnlyList<byte[]> Identities { get; init; } = [];

    /// <summary>msg_id, session, username, date, msg_type, version.</summary>
    public required JsonObject Header { get; init; }

    /// <summary>The header of the request this message answers (empty for none).</summary>
    public JsonObject ParentHeader { get; init; } = [];

    /// <summary>Message metadata.</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>The message body.</summary>
    public JsonObject Content { get; init; } = [];

    /// <summary>The message type (<c>execute_request</c>, <c>status</c>, …).</summary>
    public string MessageType => (string?)Header["msg_type"] ?? "";

    /// <summary>The message id.</summary>
    public string Id => (string?)Header["msg_id"] ?? "";

    /// <summary>A new message of the given type, in reply to (or caused by) <paramref name="parent"/> when given.</summary>
    public static JupyterMessage Create(string type, JsonObject content, string session, JupyterMessage? parent = null, IReadOnlyList<byte[]>? identities = null) => new()
    {
        Identities = identities ?? parent?.Identities ?? [],
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "deeparch",
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };

    internal NetMQMessage ToFrames(MessageSigner signer)
    {
        var header = Bytes(Header);
        var parent = Bytes(ParentHeader);
        var metadata = Bytes(Metadata);
        var content = Bytes(Content);
        var frames = new NetMQMessage();
        foreach (var identity in Identities)
            frames.Append(identity);
        frames.Append(Delimiter);
        frames.Append(signer.Sign(header, parent, metadata, content));
        frames.Append(header);
        frames.Append(parent);
        frames.Append(metadata);
        frames.Append(content);
        return frames;
    }

    /// <summary>Parses received frames; null (with the reason) when they are malformed or badly signed.</summary>
    internal static JupyterMessage? FromFrames(NetMQMessage frames, MessageSigner signer, out string? problem)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.FrameCount; i++)
        {
            if (frames[i].BufferSize == Delimiter.Length && frames[i].ConvertToString(Encoding.ASCII) == Delimiter)
            {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.FrameCount < delimiter + 6)
        {
            problem = "malformed message (no delimiter or missing frames)";
            return null;
        }
        var signature = frames[delimiter + 1].ConvertToString(Encoding.ASCII);
        var parts = Enumerable.Range(delimiter + 2, 4).Select(i => frames[i].ToByteArray()).ToArray();
        if (!signer.Verify(signature, parts[0], parts[1], parts[2], parts[3]))
        {
            problem = "bad signature";
            return null;
        }
        try
        {
            problem = null;
            return new JupyterMessage
            {
                Identities = Enumerable.Range(0, delimiter).Select(i => frames[i].ToByteArray()).ToArray(),
                Header = Parse(parts[0]),
                ParentHeader = Parse(parts[1]),
                Metadata = Parse(parts[2]),
                Content = Parse(parts[3]),
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = $"malformed JSON ({e.Message})";
            return null;
        }
    }

    private static JsonObject Parse(byte[] json) => JsonNode.Parse(json) as JsonObject ?? [];

    private static byte[] Bytes(JsonObject obj) => Encoding.UTF8.GetBytes(obj.ToJsonString());
}
