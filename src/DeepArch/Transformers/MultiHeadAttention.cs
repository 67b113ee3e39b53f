using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Multi-head attention (Vaswani et al. 2017, §3.2.2): <c>MultiHead(Q, K, V) = Concat(head_1, …, head_h) W^O</c> with
/// <c>head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)</c>. The h heads of width d_k = d_model / h run in parallel as one
/// batched attention over <c>[B, h, T, d_k]</c>. The projections W^Q, W^K, W^V are packed in one
/// <c>in_proj</c> [3·d_model, d_model] as PyTorch's <c>nn.MultiheadAttention</c> packs them, so
/// <see cref="CopyFrom"/> can take its weights and both must give the same output.
/// </summary>
public sealed class MultiHeadAttention : nn.Module
{
    private readonly Linear in_proj;
    private readonly Linear out_proj;
    private Tensor? _weights;

    /// <summary>Creates the projections of <paramref name="heads"/> heads over <paramref name="width"/>-wide tokens.</summary>
    /// <exception cref="ArgumentException">The width is not a positive multiple of the heads.</exception>
    public MultiHeadAttention(int width, int heads) : base(nameof(MultiHeadAttention))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        if (width < 1 || width % heads != 0)
            throw new ArgumentException($"The width d_model = {width} must be a positive multiple of the heads h = {heads}.", nameof(width));
        Width = width;
        Heads = heads;
        in_proj = nn.Linear(width, 3 * width);
        out_proj = nn.Linear(width, width);
        RegisterComponents();
    }

    /// <summary>Token width d_model.</summary>
    public int Width { get; }

    /// <summary>Number of heads h.</summary>
    public int Heads { get; }

    /// <summary>Width of one head, d_k = d_model / h.</summary>
    public int HeadWidth => Width / Heads;

    /// <summary>
    /// Use libtorch's fused <c>scaled_dot_product_attention</c> (default) rather than the written-out
    /// <see cref="ScaledDotProductAttention.Compute"/>; both give the same result (<c>deeparch bench attention</c> times them).
    /// </summary>
    public bool Fused { get; set; } = true;

    /// <summary>
    /// Keep the attention weights <c>[B, h, T_q, T_k]</c> of the last forward pass in <see cref="LastWeights"/> (forces
    /// the written-out path, which materialises them): for attention maps and rollout, not for training.
    /// </summary>
    public bool RecordWeights { get; set; }

    /// <summary>The weights of the last forward pass when <see cref="RecordWeights"/> is on (detached, owned by this module).</summary>
    public Tensor? LastWeights => _weights;

    /// <summary>Self-attention of <paramref name="x"/> <c>[B, T, d_model]</c>.</summary>
    public Tensor SelfAttend(Tensor x, Tensor? mask = null, bool causal = false) => forward(x, x, mask, causal);

    /// <summary>
    /// Attention of queries <paramref name="query"/> <c>[B, T_q, d_model]</c> over <paramref name="memory"/>
    /// <c>[B, T_k, d_model]</c> (keys and values; the encoder's output in cross-attention); returns <c>[B, T_q, d_model]</c>.
    /// </summary>
    /// <param name="query">The tokens that ask.</param>
    /// <param name="memory">The tokens attended to.</param>
    /// <param name="mask">Boolean, broadcastable to <c>[B, h, T_q, T_k]</c>, <c>true</c> where allowed; or <c>null</c>.</param>
    /// <param name="causal">Query t sees keys ≤ t only (self-attention of a decoder).</param>
    /// <exception cref="ArgumentException">A shape does not fit.</exception>
    public Tensor forward(Tensor query, Tensor memory, Tensor? mask = null, bool causal = false)
    {
        if (query.dim() != 3 || query.shape[2] != Width || memory.dim() != 3 || memory.shape[2] != Width || memory.shape[0] != query.shape[0])
            throw new ArgumentException(
                $"Expected query [B, T_q, {Width}] and memory [B, T_k, {Width}]; got {ScaledDotProductAttention.Shape(query)} and {ScaledDotProductAttention.Shape(memory)}.");
        long b = query.shape[0], tq = query.shape[1], tk = memory.shape[1];
        Tensor q, k, v;
        if (ReferenceEquals(query, memory))
        {
            var qkv = in_proj.forward(query).chunk(3, -1);                         // 3 × [B, T, D]
            (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        }
        else
        {
            var w = in_proj.weight!.chunk(3, 0);                                    // 3 × [D, D]
            var bias = in_proj.bias!.chunk(3, 0);                                   // 3 × [D]
            q = nn.functional.linear(query, w[0], bias[0]);                         // [B, T_q, D]
            k = nn.functional.linear(memory, w[1], bias[1]);                        // [B, T_k, D]
            v = nn.functional.linear(memory, w[2], bias[2]);                        // [B, T_k, D]
        }
        q = SplitHeads(q, b, tq);                                                   // [B, h, T_q, d_k]
        k = SplitHeads(k, b, tk);                                                   // [B, h, T_k, d_k]
        v = SplitHeads(v, b, tk);                                                   // [B, h, T_k, d_k]
        Tensor heads;
        if (RecordWeights || !Fused)
        {
            using var causalMask = causal ? AttentionMasks.Causal(tq, query.device) : null;
            var combined = causal && mask is not null ? mask.logical_and(causalMask!) : mask ?? causalMask;
            (heads, var weights) = ScaledDotProductAttention.Compute(q, k, v, combined);
            if (RecordWeights)
            {
                _weights?.Dispose();
                _weights = weights.detach().DetachFromDisposeScope();
            }
        }
        else
            heads = ScaledDotProductAttention.Fused(q, k, v, mask, causal);         // [B, h, T_q, d_k]
        return out_proj.forward(MergeHeads(heads, b, tq));                          // [B, T_q, D]
    }

    /// <summary>
    /// Takes the weights of a TorchSharp <c>nn.MultiheadAttention</c> of the same width (with biases, no extra key/value
    /// biases), so both compute the same function.
    /// </summary>
    /// <exception cref="ArgumentException">The other module's parameters have other shapes.</exception>
    public void CopyFrom(MultiheadAttention other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var source = other.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, target) in named_parameters())
        {
            // PyTorch names the packed projection in_proj_weight / in_proj_bias, the output one out_proj.weight / .bias.
            var theirs = name.StartsWith("in_proj.", StringComparison.Ordinal) ? name.Replace('.', '_') : name;
            if (!source.TryGetValue(theirs, out var value) || !value.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"nn.MultiheadAttention has no parameter {theirs} shaped [{string.Join(", ", target.shape)}].", nameof(other));
            target.copy_(value);
        }
    }

    /// <summary>[B, T, D] → [B, h, T, d_k]: each head gets its own d_k columns.</summary>
    public Tensor SplitHeads(Tensor x, long batch, long length) =>
        x.view(batch, length, Heads, HeadWidth).transpose(1, 2);                    // [B, h, T, d_k]

    /// <summary>[B, h, T, d_k] → [B, T, D]: the heads' outputs concatenated.</summary>
    public Tensor MergeHeads(Tensor x, long batch, long length) =>
        x.transpose(1, 2).reshape(batch, length, Width);                            // [B, T, D]

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weights?.Dispose();
            _weights = null;
        }
        base.Dispose(disposing);
    }
}
