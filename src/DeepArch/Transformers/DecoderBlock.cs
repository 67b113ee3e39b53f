using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// A pre-norm decoder block of the encoder-decoder transformer (Vaswani et al. 2017, §3.1, figure 1): masked
/// self-attention over the target so far, then <b>cross-attention</b> whose queries come from the target and whose keys
/// and values are the encoder's output (the "memory"), then the MLP; each sub-layer is residual.
/// </summary>
public sealed class DecoderBlock : nn.Module
{
    private readonly LayerNorm ln_1;
    private readonly MultiHeadAttention self_attn;
    private readonly LayerNorm ln_2;
    private readonly MultiHeadAttention cross_attn;
    private readonly LayerNorm ln_3;
    private readonly Linear fc;
    private readonly Linear proj;

    /// <summary>A block over <paramref name="width"/>-wide tokens with <paramref name="heads"/> heads.</summary>
    public DecoderBlock(int width, int heads) : base(nameof(DecoderBlock))
    {
        ln_1 = nn.LayerNorm(width);
        self_attn = new MultiHeadAttention(width, heads);
        ln_2 = nn.LayerNorm(width);
        cross_attn = new MultiHeadAttention(width, heads);
        ln_3 = nn.LayerNorm(width);
        fc = nn.Linear(width, 4 * width);
        proj = nn.Linear(4 * width, width);
        RegisterComponents();
    }

    /// <summary>The cross-attention (its <see cref="MultiHeadAttention.LastWeights"/> are the alignment maps).</summary>
    public MultiHeadAttention CrossAttention => cross_attn;

    /// <summary>Target tokens <c>[B, T, d]</c> attending to memory <c>[B, S, d]</c> → <c>[B, T, d]</c>.</summary>
    /// <param name="x">The target tokens.</param>
    /// <param name="memory">The encoder's output.</param>
    /// <param name="targetMask">Causal and padding mask of the target, <c>[B, 1, T, T]</c>.</param>
    /// <param name="memoryMask">Padding mask of the source, <c>[B, 1, 1, S]</c>.</param>
    public Tensor forward(Tensor x, Tensor memory, Tensor? targetMask, Tensor? memoryMask)
    {
        x = x + self_attn.SelfAttend(ln_1.forward(x), targetMask);                          // [B, T, d]
        x = x + cross_attn.forward(ln_2.forward(x), memory, memoryMask);                     // [B, T, d]
        return x + proj.forward(nn.functional.gelu(fc.forward(ln_3.forward(x))));          // [B, T, d]
    }
}
