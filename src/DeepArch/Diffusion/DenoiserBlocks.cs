using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Diffusion;

/// <summary>
/// The denoiser's residual block (Ho et al. 2020, Appendix B, after the Wide ResNet): GroupNorm, SiLU, 3×3 convolution,
/// plus the projected time-and-condition embedding added to every pixel, then GroupNorm, SiLU, 3×3 convolution, and the
/// input added back (through a 1×1 convolution when the widths differ). With scale and shift, the embedding instead
/// sets a per-channel scale and offset of the second normalisation, GroupNorm(h)·(1 + s) + b (Dhariwal &amp; Nichol 2021,
/// §3, "adaptive group normalization"), so the condition can switch features on and off rather than only bias them.
/// </summary>
internal sealed class DenoiserResBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNormalization norm1;
    private readonly Conv2d conv1;
    private readonly Linear embedding;
    private readonly GroupNormalization norm2;
    private readonly Conv2d conv2;
    private readonly Module<Tensor, Tensor>? shortcut;
    private readonly bool _scaleShift;

    public DenoiserResBlock(long input, long output, long embeddingSize, long groups, bool scaleShift = false) : base(nameof(DenoiserResBlock))
    {
        _scaleShift = scaleShift;
        norm1 = new GroupNormalization(Groups(groups, input), input);
        conv1 = Conv2d(input, output, kernel_size: 3, padding: 1);
        embedding = Linear(embeddingSize, scaleShift ? 2 * output : output);
        norm2 = new GroupNormalization(Groups(groups, output), output);
        conv2 = Conv2d(output, output, kernel_size: 3, padding: 1);
        shortcut = input == output ? null : Conv2d(input, output, kernel_size: 1);
        RegisterComponents();
    }

    /// <summary>x <c>[B, in, H, W]</c>, the embedding <c>[B, E]</c> → <c>[B, out, H, W]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor emb)
    {
        using var scope = NewDisposeScope();
        var h = conv1.call(functional.silu(norm1.call(x)));                          // [B, out, H, W]
        var e = embedding.call(functional.silu(emb)).unsqueeze(-1).unsqueeze(-1);    // [B, out or 2·out, 1, 1]
        if (_scaleShift)
        {
            // Dhariwal & Nichol 2021, §3: AdaGN(h, y) = y_s · GroupNorm(h) + y_b, with y_s = 1 + s so that s = 0 is the identity
            var scaleAndShift = e.chunk(2, 1);
            h = norm2.call(h) * (1 + scaleAndShift[0]) + scaleAndShift[1];
        }
        else
            h = norm2.call(h + e);                                                   // + [B, out, 1, 1]
        h = conv2.call(functional.silu(h));                                          // [B, out, H, W]
        return (h + (shortcut is null ? x : shortcut.call(x))).MoveToOuterDisposeScope();
    }

    /// <summary>The largest group count up to <paramref name="wanted"/> that divides <paramref name="channels"/>.</summary>
    internal static long Groups(long wanted, long channels)
    {
        var groups = Math.Min(wanted, channels);
        while (channels % groups != 0)
            groups--;
        return groups;
    }
}
