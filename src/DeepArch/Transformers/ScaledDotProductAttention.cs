using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Scaled dot-product attention (Vaswani et al. 2017, eq. 1): <c>Attention(Q, K, V) = softmax(QKᵀ / √d_k) V</c>. Each
/// query scores every key by a dot product; dividing by √d_k keeps the scores' variance near 1 whatever the width (for
/// unit-variance q and k, <c>Var(q·k) = d_k</c>), so the softmax does not saturate and its gradient does not vanish.
/// Masks are boolean and broadcast to the scores <c>[..., T_q, T_k]</c>: <c>true</c> lets a query attend to a key,
/// <c>false</c> forbids it (TorchSharp's convention; see <see cref="AttentionMasks"/>).
/// </summary>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// Attention written out: the output <c>[..., T_q, d_v]</c> and the attention weights <c>[..., T_q, T_k]</c> (each
    /// row sums to 1 over the keys a query may see).
    /// </summary>
    /// <param name="query">Q <c>[..., T_q, d_k]</c>.</param>
    /// <param name="key">K <c>[..., T_k, d_k]</c>.</param>
    /// <param name="value">V <c>[..., T_k, d_v]</c>.</param>
    /// <param name="mask">Boolean, broadcastable to <c>[..., T_q, T_k]</c>, <c>true</c> where attention is allowed; <c>null</c> for none.</param>
    /// <param name="scaled">Divide the scores by √d_k (the paper's choice); <c>false</c> shows what happens without.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static (Tensor Output, Tensor Weights) Compute(Tensor query, Tensor key, Tensor value, Tensor? mask = null, bool scaled = true)
    {
        Validate(query, key, value, mask);
        var dk = query.shape[^1];
        var scores = query.matmul(key.transpose(-2, -1));                 // [..., T_q, T_k]
        if (scaled)
            scores = scores / Math.Sqrt(dk);
        if (mask is not null)
            scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var weights = scores.softmax(-1);                                  // [..., T_q, T_k]
        if (mask is not null)
            weights = weights.nan_to_num(0.0);                            // a query that may see no key attends to nothing
        return (weights.matmul(value), weights);                          // [..., T_q, d_v]
    }

    /// <summary>
    /// The same computation by libtorch's fused kernel (<c>torch.nn.functional.scaled_dot_product_attention</c>), which
    /// never materialises the weights: faster and leaner, but it cannot show them.
    /// </summary>
    /// <param name="query">Q <c>[..., T_q, d_k]</c>.</param>
    /// <param name="key">K <c>[..., T_k, d_k]</c>.</param>
    /// <param name="value">V <c>[..., T_k, d_v]</c>.</param>
    /// <param name="mask">Boolean mask as for <see cref="Compute"/>, or <c>null</c>.</param>
    /// <param name="causal">Apply the causal mask (query t sees keys ≤ t) inside the kernel; not with <paramref name="mask"/>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together, or both a mask and <paramref name="causal"/> were given.</exception>
    public static Tensor Fused(Tensor query, Tensor key, Tensor value, Tensor? mask = null, bool causal = false)
    {
        Validate(query, key, value, mask);
        if (causal && mask is not null)
            throw new ArgumentException("Give either a mask or causal: true, not both (build the combined mask with AttentionMasks).", nameof(mask));
        // TorchSharp 0.107 spells the flag is_casual.
        return nn.functional.scaled_dot_product_attention(query, key, value, mask, is_casual: causal);
    }

    internal static void Validate(Tensor query, Tensor key, Tensor value, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (query.dim() < 2 || key.dim() != query.dim() || value.dim() != query.dim())
            throw new ArgumentException(
                $"Q, K and V must have the same rank ≥ 2 ([..., T, d]); got Q {Shape(query)}, K {Shape(key)}, V {Shape(value)}.", nameof(query));
        if (query.shape[^1] != key.shape[^1])
            throw new ArgumentException($"Q and K must have the same width d_k; got Q {Shape(query)} and K {Shape(key)}.", nameof(key));
        if (key.shape[^2] != value.shape[^2])
            throw new ArgumentException($"K and V must have as many positions T_k; got K {Shape(key)} and V {Shape(value)}.", nameof(value));
        if (mask is not null)
        {
            if (mask.dtype != ScalarType.Bool)
                throw new ArgumentException($"The mask must be boolean (true = may attend); got {mask.dtype}.", nameof(mask));
            if (mask.dim() < 2 || mask.shape[^1] != key.shape[^2] || (mask.shape[^2] != query.shape[^2] && mask.shape[^2] != 1))
                throw new ArgumentException(
                    $"The mask must broadcast to [..., T_q = {query.shape[^2]}, T_k = {key.shape[^2]}]; got {Shape(mask)}.", nameof(mask));
        }
    }

    internal static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
