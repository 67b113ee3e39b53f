using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>The shape of a <see cref="VisionTransformer"/>.</summary>
/// <param name="ImageSize">Side of the square input image, in pixels.</param>
/// <param name="PatchSize">Side of a patch; must divide the image size.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Width">Token width d_model.</param>
public sealed record VisionTransformerConfig(int ImageSize = 28, int PatchSize = 7, int Channels = 1, int Classes = 10, int Layers = 3, int Heads = 4, int Width = 64)
{
    /// <summary>Patches per image, (size / patch)².</summary>
    public int Patches => ImageSize / PatchSize * (ImageSize / PatchSize);
}

/// <summary>
/// A vision transformer (Dosovitskiy et al. 2021, eq. 1–4): the image is cut into non-overlapping P × P patches, each
/// flattened and projected linearly to a token (a convolution of kernel and stride P does both at once); a learned
/// class token is prepended, learned positions are added, pre-norm <see cref="TransformerBlock"/>s mix the tokens, and
/// the class token's final state, normalised, is classified.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embedding;
    private readonly Parameter class_token;
    private readonly LearnedPositions positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;

    /// <summary>Builds the model.</summary>
    /// <exception cref="ArgumentException">The patch size does not divide the image size.</exception>
    public VisionTransformer(VisionTransformerConfig config) : base(nameof(VisionTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.PatchSize < 1 || config.ImageSize % config.PatchSize != 0)
            throw new ArgumentException($"The patch size {config.PatchSize} must divide the image size {config.ImageSize}.", nameof(config));
        Config = config;
        patch_embedding = nn.Conv2d(config.Channels, config.Width, config.PatchSize, stride: config.PatchSize);
        class_token = nn.Parameter(zeros(1, 1, config.Width));
        positions = new LearnedPositions(config.Patches + 1, config.Width);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config.Width, config.Heads)).ToArray());
        norm = nn.LayerNorm(config.Width);
        head = nn.Linear(config.Width, config.Classes);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public VisionTransformerConfig Config { get; }

    /// <summary>The blocks, first to last (their attention weights feed <see cref="AttentionRollout"/>).</summary>
    public IReadOnlyList<TransformerBlock> Blocks => blocks.ToList();

    /// <summary>Class logits <c>[B, classes]</c> of images <c>[B, C, H, W]</c>.</summary>
    /// <exception cref="ArgumentException">The images do not have the configured shape.</exception>
    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != Config.Channels || images.shape[2] != Config.ImageSize || images.shape[3] != Config.ImageSize)
            throw new ArgumentException(
                $"Expected images [B, {Config.Channels}, {Config.ImageSize}, {Config.ImageSize}]; got {ScaledDotProductAttention.Shape(images)}.", nameof(images));
        var patches = patch_embedding.forward(images).flatten(2).transpose(1, 2);          // [B, N, d]: eq. 1, x_p E
        var cls = class_token.expand(images.shape[0], -1, -1);                              // [B, 1, d]
        var x = positions.forward(cat([cls, patches], 1));                                  // [B, N + 1, d]: + E_pos
        foreach (var block in blocks)
            x = block.forward(x);                                                           // eq. 2–3
        return head.forward(norm.forward(x[.., 0]));                                        // eq. 4: y = LN(z_L^0)
    }
}
