using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// A pre-norm transformer block (as in GPT-2 and nanoGPT): <c>x ← x + MHA(LN(x))</c>, then <c>x ← x + MLP(LN(x))</c>
/// with a 4× wide GELU MLP. Normalising before each sub-layer, on the residual branch only, keeps the residual path an
/// identity and trains deep stacks without warm-up tricks. Encoders (BERT, ViT) pass no mask or a padding mask;
/// decoders (GPT) pass <c>causal: true</c>.
/// </summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly LayerNorm ln_1;
    private readonly MultiHeadAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Linear fc;
    private readonly Linear proj;

    /// <summary>A block over <paramref name="width"/>-wide tokens with <paramref name="heads"/> heads.</summary>
    public TransformerBlock(int width, int heads) : base(nameof(TransformerBlock))
    {
        ln_1 = nn.LayerNorm(width);
        attn = new MultiHeadAttention(width, heads);
        ln_2 = nn.LayerNorm(width);
        fc = nn.Linear(width, 4 * width);
        proj = nn.Linear(4 * width, width);
        RegisterComponents();
    }

    /// <summary>The block's self-attention.</summary>
    public MultiHeadAttention Attention => attn;

    /// <summary>The two projections that write into the residual stream (GPT-2 scales their initialisation).</summary>
    internal IEnumerable<Linear> ResidualProjections => [attn_out, proj];

    private Linear attn_out => (Linear)attn.named_children().Single(c => c.name == "out_proj").module;

    /// <summary>Tokens <c>[B, T, d]</c> → <c>[B, T, d]</c>.</summary>
    public Tensor forward(Tensor x, Tensor? mask = null, bool causal = false)
    {
        x = x + attn.SelfAttend(ln_1.forward(x), mask, causal);                                  // [B, T, d]
        return x + proj.forward(nn.functional.gelu(fc.forward(ln_2.forward(x))));           // [B, T, d]
    }
}
