using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Attention rollout (Abnar &amp; Zuidema 2020): how much each input token flows into each output token through the
/// whole stack. Each layer's attention, averaged over heads, is mixed with the identity for the residual connection,
/// <c>Â = ½(A + I)</c> renormalised by rows, and the layers are multiplied: <c>R = Â_L ⋯ Â_1</c>.
/// </summary>
public static class AttentionRollout
{
    /// <summary>The rollout <c>[B, N, N]</c> of per-layer weights <c>[B, h, N, N]</c>, first layer first.</summary>
    /// <exception cref="ArgumentException">No layer, or layers of different shapes.</exception>
    public static Tensor Compute(IReadOnlyList<Tensor> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || layers.Any(w => w.dim() != 4 || !w.shape.SequenceEqual(layers[0].shape) || w.shape[2] != w.shape[3]))
            throw new ArgumentException("Expected one or more attention weights of the same shape [B, h, N, N].", nameof(layers));
        using var scope = NewDisposeScope();
        var n = layers[0].shape[2];
        var identity = eye(n, device: layers[0].device);
        Tensor? rollout = null;
        foreach (var weights in layers)
        {
            var mixed = (weights.mean([1]) + identity) / 2;                                    // [B, N, N]
            mixed = mixed / mixed.sum(-1, keepdim: true);
            rollout = rollout is null ? mixed : mixed.matmul(rollout);
        }
        return rollout!.MoveToOuterDisposeScope();
    }
}
