using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Diffusion;

/// <summary>Configuration of <see cref="DenoiserUNet"/>.</summary>
/// <param name="Channels">Image channels (1 for MNIST, 3 for the coloured shapes).</param>
/// <param name="BaseWidth">Channels at full resolution; level l has BaseWidth · Multipliers[l].</param>
/// <param name="Multipliers">Width multiplier per resolution level; each level after the first halves the resolution.</param>
/// <param name="Groups">GroupNorm groups (fewer when a width is not divisible).</param>
/// <param name="ConditionVocabulary">
/// Number of condition tokens, token 0 meaning "no condition" (classifier-free guidance's ∅); 0 for an unconditional
/// network. A class c is the token c + 1; a caption's words are tokens of <see cref="CaptionVocabulary"/>.
/// </param>
/// <param name="ScaleShift">
/// The time-and-condition embedding scales and shifts each block's second normalisation (Dhariwal &amp; Nichol 2021's
/// adaptive group normalisation) instead of being added to its input (Ho et al. 2020).
/// </param>
/// <param name="AttentionHeads">0 for none; otherwise a self-attention block with this many heads after the middle block, at the lowest resolution.</param>
/// <param name="Patch">
/// 1, or p &gt; 1 to fold each p×p patch of pixels into p² channels before the first convolution and unfold the output
/// the same way (pixel unshuffle and shuffle, Shi et al. 2016), as patch-based diffusion models do: the U-Net's first
/// level then works at 1/p of the resolution, where wide convolutions cost a CPU far less than narrow ones at full size.
/// </param>
public sealed record DenoiserConfig(
    int Channels = 1, int BaseWidth = 32, IReadOnlyList<int>? Multipliers = null, int Groups = 8, int ConditionVocabulary = 0,
    bool ScaleShift = false, int AttentionHeads = 0, int Patch = 1)
{
    /// <summary>The multipliers used: the given ones, or [1, 2, 2] (28 → 14 → 7 pixels).</summary>
    public IReadOnlyList<int> Levels => Multipliers ?? [1, 2, 2];

    /// <summary>Size of the time (and condition) embedding: 4 × <see cref="BaseWidth"/>, as in Ho et al. 2020.</summary>
    public int EmbeddingSize => 4 * BaseWidth;
}

/// <summary>
/// The ε-prediction denoiser ε_θ(x_t, t, c) of Ho et al. 2020 (Appendix B), reduced for a laptop: a U-Net of residual
/// blocks (GroupNorm, SiLU) with one block per level on the way down, one more on the way up over the concatenated skip,
/// a sinusoidal time embedding through a two-layer MLP that every block receives, and optionally (see
/// <see cref="DenoiserConfig"/>) adaptive normalisation, self-attention at the lowest level and pixel patches. An optional condition
/// (a class, or a caption's words) is embedded by a learned table, summed over its tokens and added to the time
/// embedding; token 0 is the "no condition" ∅ that classifier-free guidance needs, and adds nothing (padding).
/// </summary>
public sealed class DenoiserUNet : Module
{
    private readonly Conv2d input;
    private readonly Linear time1;
    private readonly Linear time2;
    private readonly Embedding? condition;
    private readonly ModuleList<DenoiserResBlock> down;
    private readonly ModuleList<Conv2d> downsample;
    private readonly DenoiserResBlock middle;
    private readonly DenoiserAttention? attention;
    private readonly ModuleList<DenoiserResBlock> up;
    private readonly ModuleList<Conv2d> upsample;
    private readonly GroupNormalization outputNorm;
    private readonly Conv2d output;
    private readonly PixelUnshuffle? fold;
    private readonly PixelShuffle? unfold;
    private readonly long _multiple;

    /// <summary>Builds the network.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="velocity">
    /// When given, the network's output is the velocity v = √ᾱ_t ε − √(1 − ᾱ_t) x_0 on this schedule (Salimans &amp; Ho
    /// 2022) and <see cref="Predict"/> turns it into ε̂; null: the output is ε̂ itself.
    /// </param>
    /// <exception cref="ArgumentException">A width, level count or vocabulary is out of range.</exception>
    public DenoiserUNet(DenoiserConfig config, NoiseSchedule? velocity = null) : base(nameof(DenoiserUNet))
    {
        Velocity = velocity;
        ArgumentNullException.ThrowIfNull(config);
        var levels = config.Levels;
        if (config.Channels < 1 || config.BaseWidth < 1 || levels.Count < 1 || levels.Any(m => m < 1) || config.ConditionVocabulary < 0
            || config.AttentionHeads < 0 || config.Patch < 1)
            throw new ArgumentException("A denoiser needs positive channels, width and multipliers, and a vocabulary and heads ≥ 0.", nameof(config));
        Config = config;
        _multiple = config.Patch * (1L << (levels.Count - 1));
        var widths = levels.Select(m => (long)config.BaseWidth * m).ToArray();
        var e = config.EmbeddingSize;
        var folded = (long)config.Channels * config.Patch * config.Patch;
        if (config.Patch > 1)
        {
            fold = PixelUnshuffle(config.Patch);
            unfold = PixelShuffle(config.Patch);
        }
        input = Conv2d(folded, widths[0], kernel_size: 3, padding: 1);
        time1 = Linear(config.BaseWidth, e);
        time2 = Linear(e, e);
        condition = config.ConditionVocabulary > 0 ? Embedding(config.ConditionVocabulary, e) : null;
        var scaleShift = config.ScaleShift;
        down = ModuleList(widths.Select((w, l) => new DenoiserResBlock(l == 0 ? widths[0] : widths[l - 1], w, e, config.Groups, scaleShift))
            .ToArray());
        downsample = ModuleList(Enumerable.Range(0, widths.Length - 1)
            .Select(l => Conv2d(widths[l], widths[l], kernel_size: 3, stride: 2, padding: 1)).ToArray());
        middle = new DenoiserResBlock(widths[^1], widths[^1], e, config.Groups, scaleShift);
        attention = config.AttentionHeads > 0 ? new DenoiserAttention(widths[^1], config.Groups, config.AttentionHeads) : null;
        // Up level l (deepest first) takes [h, skip_l] with widths[l] + widths[l] channels … from the level below.
        up = ModuleList(Enumerable.Range(0, widths.Length).Reverse()
            .Select(l => new DenoiserResBlock((l == widths.Length - 1 ? widths[l] : widths[l + 1]) + widths[l], widths[l], e, config.Groups,
                scaleShift))
            .ToArray());
        upsample = ModuleList(Enumerable.Range(0, widths.Length - 1).Reverse()
            .Select(l => Conv2d(widths[l + 1], widths[l + 1], kernel_size: 3, padding: 1)).ToArray());
        outputNorm = new GroupNormalization(DenoiserResBlock.Groups(config.Groups, widths[0]), widths[0]);
        output = Conv2d(widths[0], folded, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public DenoiserConfig Config { get; }

    /// <summary>
    /// The schedule of the velocity parameterisation, or null when the network outputs ε̂ directly. With ε̂ read off
    /// directly, x̂_0 = (x_t − √(1 − ᾱ_t) ε̂) / √ᾱ_t multiplies the network's error by 1/√ᾱ_t (35 at the first DDIM step
    /// of T = 1000): images whose mean is far from 0 (black backgrounds) then drift to grey noise. With v, x̂_0 =
    /// √ᾱ_t x_t − √(1 − ᾱ_t) v̂ carries the network's error unamplified at every noise level.
    /// </summary>
    public NoiseSchedule? Velocity { get; }

    /// <summary>Whether the network takes a condition.</summary>
    public bool Conditional => condition is not null;

    /// <summary>
    /// ε_θ(x_t, t, c): the noise the network sees in <paramref name="x"/>.
    /// </summary>
    /// <param name="x">x_t <c>[B, C, H, W]</c>, H and W multiples of 2^(levels − 1).</param>
    /// <param name="timesteps">int64 <c>[B]</c>.</param>
    /// <param name="tokens">Condition tokens int64 <c>[B, L]</c> (0 = ∅, which adds nothing; the others' embeddings are summed); <c>null</c> for ∅ or an unconditional network.</param>
    /// <returns>ε̂ <c>[B, C, H, W]</c>.</returns>
    /// <exception cref="ArgumentException">Shapes do not fit, or tokens are given to an unconditional network.</exception>
    public Tensor Predict(Tensor x, Tensor timesteps, Tensor? tokens = null)
    {
        var output = Output(x, timesteps, tokens);
        if (Velocity is null)
            return output;
        using var scope = NewDisposeScope();
        var alphaBar = Velocity.AlphaBarAt(timesteps.to(ScalarType.Int64), x);          // [B, 1, 1, 1]
        // Salimans & Ho 2022, §4: v = √ᾱ ε − √(1 − ᾱ) x_0 and x_t = √ᾱ x_0 + √(1 − ᾱ) ε give ε = √ᾱ v + √(1 − ᾱ) x_t
        return (alphaBar.sqrt() * output + (1 - alphaBar).sqrt() * x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The network's own output for x_t: ε̂, or v̂ when <see cref="Velocity"/> is set (what the velocity loss compares).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not fit, or tokens are given to an unconditional network.</exception>
    public Tensor Output(Tensor x, Tensor timesteps, Tensor? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(timesteps);
        if (x.dim() != 4 || x.shape[1] != Config.Channels || x.shape[2] % _multiple != 0 || x.shape[3] % _multiple != 0)
            throw new ArgumentException($"The denoiser takes images [B, {Config.Channels}, H, W] with H and W multiples of {_multiple}; " +
                $"got [{string.Join(", ", x.shape)}].", nameof(x));
        if (timesteps.dim() != 1 || timesteps.shape[0] != x.shape[0])
            throw new ArgumentException($"Give one timestep per image: [{x.shape[0]}]; got [{string.Join(", ", timesteps.shape)}].", nameof(timesteps));
        if (tokens is not null && condition is null)
            throw new ArgumentException("This denoiser is unconditional: it takes no condition tokens.", nameof(tokens));
        if (tokens is not null && (tokens.dim() != 2 || tokens.shape[0] != x.shape[0]))
            throw new ArgumentException($"Give condition tokens as int64 [{x.shape[0]}, L]; got [{string.Join(", ", tokens.shape)}].", nameof(tokens));

        using var scope = NewDisposeScope();
        var emb = time2.call(functional.silu(time1.call(SinusoidalTimeEmbedding.Embed(timesteps, Config.BaseWidth))));  // [B, E]
        if (condition is not null && tokens is not null)
        {
            // ∅ adds nothing, so "no condition" is the same whether given as null, [0] or [0, 0]: a caption dropped in
            // training ([0, 0]) and the unconditional branch of guidance or a null request are one and the same input.
            var present = tokens.ne(0).unsqueeze(-1).to(emb.dtype);                                          // [B, L, 1]
            emb = emb + (condition.call(tokens) * present).sum(1L);                                           // + [B, E]
        }
        var h = input.call(fold is null ? x : fold.call(x));                   // [B, w0, H/p, W/p]
        var skips = new List<Tensor>();
        for (var l = 0; l < down.Count; l++)
        {
            h = down[l].call(h, emb);                                          // [B, w_l, H/2^l, W/2^l]
            skips.Add(h);
            if (l < downsample.Count)
                h = downsample[l].call(h);                                     // [B, w_l, H/2^(l+1), W/2^(l+1)]
        }
        h = middle.call(h, emb);                                               // [B, w_last, …]
        if (attention is not null)
            h = attention.call(h);                                             // the same shape
        for (var i = 0; i < up.Count; i++)
        {
            if (i > 0)
                h = upsample[i - 1].call(functional.interpolate(h, scale_factor: [2, 2], mode: InterpolationMode.Nearest));  // ×2
            h = up[i].call(cat([h, skips[^(i + 1)]], 1), emb);                 // [B, w_l, H/2^l, W/2^l]
        }
        var result = output.call(functional.silu(outputNorm.call(h)));        // [B, C·p², H/p, W/p]
        return (unfold is null ? result : unfold.call(result)).MoveToOuterDisposeScope();   // [B, C, H, W]
    }
}
