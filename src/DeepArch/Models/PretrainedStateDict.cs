using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DeepArch.Models;

/// <summary>
/// PyTorch state dicts (the <c>.pth</c> files <c>torch.save(model.state_dict())</c> writes, e.g. torchvision's
/// published ImageNet weights) read with <c>TorchSharp.PyBridge</c> and copied into a TorchSharp module by parameter
/// name, after checking that every name and every shape matches — so a wrong file is a sentence, not a silently
/// half-loaded network. The course's zoo names its parameters as torchvision does (<c>features.0.weight</c>,
/// <c>layer1.0.conv1.weight</c>, …), so torchvision's files load into it unchanged.
/// </summary>
public static class PretrainedStateDict
{
    /// <summary>Reads every tensor of a PyTorch state dict file, by name, on the CPU.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="PretrainedWeightsException">The file is not a PyTorch state dict of tensors.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No state dict at {path}.", path);
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PretrainedWeightsException(
                $"{path} is not a PyTorch state dict that can be read (a file written by torch.save(model.state_dict()) is expected): {e.Message}", e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor value)
                throw new PretrainedWeightsException($"{path} holds an entry that is not a named tensor ({entry.Key}).");
            result[name] = value;
        }
        return result;
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into <paramref name="target"/>'s parameters and buffers of the same names.
    /// Every name of the module must be in the weights (except PyTorch's <c>num_batches_tracked</c> counters, which
    /// only matter for training) and every weight must be a name of the module, with the same shape.
    /// </summary>
    /// <param name="target">The module to fill.</param>
    /// <param name="weights">Tensors by name, e.g. from <see cref="Read"/>.</param>
    /// <param name="rename">Maps a file's name to the module's name, for modules that name parameters differently.</param>
    /// <exception cref="PretrainedWeightsException">Names or shapes differ; the message lists the first differences.</exception>
    public static void CopyInto(nn.Module target, IReadOnlyDictionary<string, Tensor> weights, Func<string, string>? rename = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(weights);
        var own = target.state_dict();
        var incoming = weights.ToDictionary(kv => rename?.Invoke(kv.Key) ?? kv.Key, kv => kv.Value, StringComparer.Ordinal);
        static bool Optional(string name) => name.EndsWith(".num_batches_tracked", StringComparison.Ordinal);
        var missing = own.Keys.Where(k => !incoming.ContainsKey(k) && !Optional(k)).ToList();
        var unexpected = incoming.Keys.Where(k => !own.ContainsKey(k) && !Optional(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new PretrainedWeightsException(
                $"The weights do not match {target.GetType().Name}'s parameter names: {Describe(missing, "missing")}{(missing.Count > 0 && unexpected.Count > 0 ? "; " : "")}{Describe(unexpected, "unexpected")}.");
        var wrongShapes = incoming.Where(kv => own.ContainsKey(kv.Key) && !own[kv.Key].shape.SequenceEqual(kv.Value.shape))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)   // the file's order is lost in PyBridge's hashtable
            .Select(kv => $"{kv.Key} is [{string.Join(", ", kv.Value.shape)}] in the file but [{string.Join(", ", own[kv.Key].shape)}] in the model")
            .ToList();
        if (wrongShapes.Count > 0)
            throw new PretrainedWeightsException(
                $"The weights do not match {target.GetType().Name}'s shapes: {string.Join("; ", wrongShapes.Take(3))}{(wrongShapes.Count > 3 ? $" (and {wrongShapes.Count - 3} more)" : "")}.");
        using var noGrad = no_grad();
        foreach (var (name, value) in incoming)
            if (own.TryGetValue(name, out var destination))
                destination.copy_(value.to(destination.dtype).to(destination.device));
    }

    /// <summary>Reads a PyTorch state dict file and copies it into <paramref name="target"/> (<see cref="Read"/>, <see cref="CopyInto"/>).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="PretrainedWeightsException">The file is not a state dict, or its names or shapes differ from the module's.</exception>
    public static void Load(nn.Module target, string path, Func<string, string>? rename = null)
    {
        var weights = Read(path);
        try
        {
            CopyInto(target, weights, rename);
        }
        finally
        {
            foreach (var tensor in weights.Values)
                tensor.Dispose();
        }
    }

    private static string Describe(List<string> names, string what) =>
        names.Count == 0 ? "" : $"{names.Count} {what} ({string.Join(", ", names.Order(StringComparer.Ordinal).Take(5))}{(names.Count > 5 ? ", …" : "")})";
}
