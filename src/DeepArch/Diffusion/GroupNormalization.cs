using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Group normalisation (Wu &amp; He 2018, eq. 1 with groups of channels): each sample's channels are split into G groups,
/// each group standardised over its channels and pixels, then scaled and shifted per channel. Written out because
/// TorchSharp 0.107's <c>nn.GroupNorm</c> returned NaN on this machine (checked on random inputs).
/// </summary>
internal sealed class GroupNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long _groups;
    private readonly double _epsilon;

    public GroupNormalization(long groups, long channels, double epsilon = 1e-5) : base(nameof(GroupNormalization))
    {
        if (groups < 1 || channels % groups != 0)
            throw new ArgumentException($"{channels} channels cannot be split into {groups} equal groups.");
        _groups = groups;
        _epsilon = epsilon;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    /// <summary>x <c>[B, C, H, W]</c> → the same shape.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, c) = (x.shape[0], x.shape[1]);
        var grouped = x.reshape(b, _groups, -1);                                   // [B, G, C/G·H·W]
        var mean = grouped.mean([2], keepdim: true);                               // [B, G, 1]
        var variance = (grouped - mean).pow(2).mean([2], keepdim: true);          // [B, G, 1], biased as in the paper
        // Wu & He 2018, eq. 1: x̂ = (x − μ) / √(σ² + ε), then y = γ x̂ + β (eq. 2)
        var normalized = ((grouped - mean) / (variance + _epsilon).sqrt()).reshape(x.shape);
        return (normalized * weight.reshape(1, c, 1, 1) + bias.reshape(1, c, 1, 1)).MoveToOuterDisposeScope();
    }
}
