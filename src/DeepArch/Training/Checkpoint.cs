using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepArch.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>What a checkpoint says about itself besides the weights.</summary>
/// <param name="Model">Type name of the model that was saved (informative; compatibility is decided by the tensors).</param>
/// <param name="Epoch">Epochs completed when it was saved.</param>
/// <param name="Metrics">Metrics at that point, e.g. <c>test_accuracy</c>.</param>
/// <param name="Recipe">Training recipe or notebook that produced it, if any.</param>
public sealed record CheckpointInfo(string Model, int Epoch, IReadOnlyDictionary<string, double> Metrics, string? Recipe = null)
{
    /// <summary>When the checkpoint was written (UTC).</summary>
    public DateTimeOffset SavedAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// Saves and loads model weights, and optionally the optimizer's state (AdamW's moment estimates and step counts), so
/// that a resumed run continues the same optimisation. A checkpoint is one file: a magic line, a JSON header (model,
/// epoch, metrics, the name/shape/dtype of every tensor, the payload's SHA-256), TorchSharp's state-dict bytes, then
/// the optimizer's state-dict bytes when saved (with their own length and SHA-256; format 1 files have none). It is written to a
/// temporary file and renamed, so a crash never leaves half a checkpoint; loading verifies the checksum and that the
/// tensors match the model before touching any weight, and says precisely what differs when they don't.
/// </summary>
public static class Checkpoint
{
    private const int FormatVersion = 2;
    private const int OldestReadableVersion = 1;
    private static readonly byte[] Magic = "DEEPARCH-CHECKPOINT\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the weights of <paramref name="model"/> (and the state of <paramref name="optimizer"/>) to <paramref name="path"/> atomically.</summary>
    /// <param name="model">The model whose weights are saved.</param>
    /// <param name="path">Destination; missing directories are created.</param>
    /// <param name="epoch">Epochs completed.</param>
    /// <param name="metrics">Metrics at that point.</param>
    /// <param name="recipe">The recipe or notebook that produced it.</param>
    /// <param name="optimizer">
    /// The optimizer training <paramref name="model"/>, whose state (e.g. AdamW's moments) <see cref="LoadOptimizer"/>
    /// restores; null saves the weights alone.
    /// </param>
    public static void Save(nn.Module model, string path, int epoch = 0, IReadOnlyDictionary<string, double>? metrics = null,
        string? recipe = null, optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = new CheckpointInfo(model.GetType().Name, epoch, metrics ?? new Dictionary<string, double>(), recipe);

        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            model.save(writer);
        var weights = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var weightsLength = weights.Length;
        var header = new Header(FormatVersion, info, Describe(model), weightsLength, Convert.ToHexStringLower(SHA256.HashData(weights)));
        if (optimizer is not null)
        {
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
                Serializable(optimizer).save_state_dict(writer);
            var state = payload.GetBuffer().AsSpan(weightsLength, (int)payload.Length - weightsLength);
            header = header with { OptimizerLength = state.Length, OptimizerSha256 = Convert.ToHexStringLower(SHA256.HashData(state)) };
        }
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);

        AtomicFile.Write(path, file =>
        {
            file.Write(Magic);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            file.Write(length);
            file.Write(headerBytes);
            file.Write(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        });
    }

    /// <summary>Reads a checkpoint's description without loading it into a model.</summary>
    /// <exception cref="CheckpointException">The file is missing, not a checkpoint, truncated or corrupted.</exception>
    public static CheckpointInfo Inspect(string path) => Read(path).Header.Info;

    /// <summary>Loads the weights in <paramref name="path"/> into <paramref name="model"/> (on whatever device it is).</summary>
    /// <returns>The checkpoint's description (epoch, metrics…).</returns>
    /// <exception cref="CheckpointException">
    /// The file is missing, damaged, or was saved from a different architecture (the message lists the differences).
    /// </exception>
    public static CheckpointInfo Load(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (header, payload, _) = Read(path);
        var differences = Compare(header.Tensors, Describe(model));
        if (differences.Count > 0)
        {
            const int shown = 5;
            var more = differences.Count > shown ? $" (and {differences.Count - shown} more)" : "";
            throw new CheckpointException(
                $"{path} does not fit this {model.GetType().Name}: it was saved from a {header.Info.Model} and " +
                $"{string.Join("; ", differences.Take(shown))}{more}.");
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload, writable: false));
            model.load(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path}: the weights could not be loaded: {e.Message}", e);
        }
        return header.Info;
    }

    /// <summary>
    /// Restores the optimizer state saved with the checkpoint into <paramref name="optimizer"/>, which must optimise
    /// the same parameters as the saved one (load the weights with <see cref="Load"/> too).
    /// </summary>
    /// <returns>False when the checkpoint holds no optimizer state (the optimizer is left as it is).</returns>
    /// <exception cref="CheckpointException">The file is missing or damaged, or its state does not fit this optimizer.</exception>
    public static bool LoadOptimizer(optim.Optimizer optimizer, string path)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var (_, _, state) = Read(path);
        if (state is null)
            return false;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false));
            Serializable(optimizer).load_state_dict(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path}: the optimizer state does not fit this {optimizer.GetType().Name}: {e.Message}", e);
        }
        return true;
    }

    private static (Header Header, byte[] Weights, byte[]? OptimizerState) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Cannot read checkpoint {path}: {e.Message}", e);
        }
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"{path} is not a DeepArch checkpoint (it does not start with the checkpoint signature).");

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        var headerStart = Magic.Length + 4;
        if (headerLength <= 0 || headerStart + headerLength > bytes.Length)
            throw new CheckpointException($"{path} is truncated: its header is incomplete.");
        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(headerStart, headerLength), Json)
                ?? throw new JsonException("empty header");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path} is corrupted: its header is not valid ({e.Message}).", e);
        }
        if (header.Version is < OldestReadableVersion or > FormatVersion)
            throw new CheckpointException(
                $"{path} uses checkpoint format {header.Version}; this version of DeepArch reads formats {OldestReadableVersion} to {FormatVersion}.");

        var payload = bytes.AsSpan(headerStart + headerLength);
        var announced = header.PayloadLength + (header.OptimizerLength ?? 0);
        if (payload.Length != announced)
            throw new CheckpointException(
                $"{path} is truncated or damaged: {payload.Length} bytes of weights and state where the header announces {announced}.");
        var weights = payload[..(int)header.PayloadLength];
        if (Convert.ToHexStringLower(SHA256.HashData(weights)) != header.PayloadSha256)
            throw new CheckpointException($"{path} is corrupted: the weights do not match their SHA-256 checksum.");
        var state = payload[(int)header.PayloadLength..];
        if (header.OptimizerLength is not null && Convert.ToHexStringLower(SHA256.HashData(state)) != header.OptimizerSha256)
            throw new CheckpointException($"{path} is corrupted: the optimizer state does not match its SHA-256 checksum.");
        return (header, weights.ToArray(), header.OptimizerLength is null ? null : state.ToArray());
    }

    // TorchSharp's own optimizers (Adam, AdamW, SGD…) derive from OptimizerHelper, which knows how to save its state.
    private static OptimizerHelper Serializable(optim.Optimizer optimizer) => optimizer as OptimizerHelper
        ?? throw new ArgumentException($"{optimizer.GetType().Name} cannot save its state (it is not one of TorchSharp's optimizers).", nameof(optimizer));

    private static List<TensorEntry> Describe(nn.Module model) =>
        model.state_dict().Select(kv => new TensorEntry(kv.Key, kv.Value.shape, kv.Value.dtype.ToString())).ToList();

    private static List<string> Compare(IReadOnlyList<TensorEntry> saved, IReadOnlyList<TensorEntry> expected)
    {
        var differences = new List<string>();
        var savedByName = saved.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var expectedByName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var e in expected)
        {
            if (!savedByName.TryGetValue(e.Name, out var s))
                differences.Add($"it has no '{e.Name}' {Shape(e.Shape)}");
            else if (!s.Shape.SequenceEqual(e.Shape))
                differences.Add($"'{e.Name}' is {Shape(s.Shape)} there but {Shape(e.Shape)} here");
            else if (s.DType != e.DType)
                differences.Add($"'{e.Name}' is {s.DType} there but {e.DType} here");
        }
        differences.AddRange(saved.Where(s => !expectedByName.ContainsKey(s.Name)).Select(s => $"it has an extra '{s.Name}' {Shape(s.Shape)}"));
        return differences;
    }

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    private sealed record TensorEntry(string Name, long[] Shape, string DType);

    private sealed record Header(int Version, CheckpointInfo Info, IReadOnlyList<TensorEntry> Tensors, long PayloadLength, string PayloadSha256)
    {
        public long? OptimizerLength { get; init; }

        public string? OptimizerSha256 { get; init; }
    }
}
