using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// The two masks of the transformer, boolean with <c>true</c> where a query may attend to a key. The <b>causal</b>
/// (masked) mask of a decoder lets position t see positions ≤ t only, so a model trained to predict token t + 1 cannot
/// read it; the <b>padding</b> mask hides the padding that fills short sequences of a batch up to the longest one.
/// </summary>
public static class AttentionMasks
{
    /// <summary>The causal mask <c>[T, T]</c>: row t is <c>true</c> at columns 0..t (lower triangle, diagonal included).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    public static Tensor Causal(long length, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return ones(length, length, dtype: ScalarType.Bool, device: device).tril();
    }

    /// <summary>
    /// The padding mask of token ids <c>[B, S]</c>, shaped <c>[B, 1, 1, S]</c> to broadcast over heads and queries:
    /// <c>true</c> at the keys that are real tokens, <c>false</c> at those equal to <paramref name="paddingId"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The ids are not 2-D.</exception>
    public static Tensor Padding(Tensor ids, long paddingId)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2)
            throw new ArgumentException($"Padding expects token ids [B, S]; got {ScaledDotProductAttention.Shape(ids)}.", nameof(ids));
        return ids.ne(paddingId).unsqueeze(1).unsqueeze(1);                // [B, 1, 1, S]
    }

    /// <summary>
    /// A decoder's self-attention mask for ids <c>[B, T]</c>: causal and padding together, <c>[B, 1, T, T]</c>.
    /// </summary>
    public static Tensor CausalPadding(Tensor ids, long paddingId)
    {
        using var causal = Causal(ids.shape[1], ids.device);
        using var padding = Padding(ids, paddingId);
        return padding.logical_and(causal);                                 // [B, 1, T, T]
    }
}
