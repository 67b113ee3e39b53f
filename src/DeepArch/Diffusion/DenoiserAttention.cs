using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Diffusion;

/// <summary>
/// The denoiser's self-attention block (Ho et al. 2020, Appendix B: one at the 16×16 level; here at the lowest
/// resolution, 7×7 for 28×28 images, where it costs little): every pixel attends to every other, so the decision of
/// where the shape lies and what it is can be taken over the whole image. GroupNorm, a 1×1 convolution to queries, keys
/// and values, softmax(QKᵀ/√d)V over the H·W positions with several heads, a 1×1 projection, and the input added back.
/// </summary>
internal sealed class DenoiserAttention : Module<Tensor, Tensor>
{
    private readonly GroupNormalization norm;
    private readonly Conv2d qkv;
    private readonly Conv2d projection;
    private readonly long _heads;

    public DenoiserAttention(long channels, long groups, long heads) : base(nameof(DenoiserAttention))
    {
        if (heads < 1 || channels % heads != 0)
            throw new ArgumentException($"{channels} channels cannot be split into {heads} attention heads.");
        _heads = heads;
        norm = new GroupNormalization(DenoiserResBlock.Groups(groups, channels), channels);
        qkv = Conv2d(channels, 3 * channels, kernel_size: 1);
        projection = Conv2d(channels, channels, kernel_size: 1);
        RegisterComponents();
    }

    /// <summary>x <c>[B, C, H, W]</c> → the same shape.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var d = c / _heads;
        // [B, 3C, H, W] → three [B, heads, H·W, d]: one token per pixel
        var parts = qkv.call(norm.call(x)).reshape(b, 3, _heads, d, h * w).permute(1, 0, 2, 4, 3).unbind(0);
        // Vaswani et al. 2017, eq. 1: Attention(Q, K, V) = softmax(QKᵀ / √d_k) V (libtorch's fused kernel)
        var attended = functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);    // [B, heads, H·W, d]
        var merged = attended.permute(0, 1, 3, 2).reshape(b, c, h, w);                          // [B, C, H, W]
        return (x + projection.call(merged)).MoveToOuterDisposeScope();
    }
}
