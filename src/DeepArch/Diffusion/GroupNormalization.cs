using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Group normalisation (Wu &amp; He 2018, eq. 1 with groups of channels): each sample's channels are split into G groups,
/// each group standardised over its channels and pixels, then scaled and shifted per channel. Its own module because
/// TorchSharp 0.107's <c>nn.GroupNorm</c> leaves its scale and shift uninitialised (whatever the memory held: values
/// like 1e30 or NaN, checked on this machine), where PyTorch starts them at 1 and 0; the computation itself is
/// libtorch's fused <c>group_norm</c>.
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
    public override Tensor forward(Tensor x) =>
        // Wu & He 2018, eq. 1: x̂ = (x − μ_g) / √(σ_g² + ε) over each group g, then y = γ x̂ + β per channel (eq. 2)
        nn.functional.group_norm(x, _groups, weight, bias, _epsilon);
}
