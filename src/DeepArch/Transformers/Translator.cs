using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>The shape of a <see cref="Translator"/>.</summary>
/// <param name="SourceVocabulary">Source tokens (padding is id 0).</param>
/// <param name="TargetVocabulary">Target tokens (padding 0, start 1, end 2).</param>
/// <param name="MaxLength">Longest sequence, in tokens, either side.</param>
/// <param name="Layers">Encoder blocks, and as many decoder blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Width">Token width d_model.</param>
public sealed record TranslatorConfig(int SourceVocabulary, int TargetVocabulary, int MaxLength = 32, int Layers = 2, int Heads = 4, int Width = 128);

/// <summary>
/// The encoder-decoder transformer of Vaswani et al. (2017, figure 1), pre-norm: the encoder reads the whole source with
/// padding masked; the decoder reads the target so far (causal and padding masks) and attends to the encoder's output
/// through cross-attention; a linear head gives the next target token. Positions are the sinusoidal encodings of §3.5.
/// Token ids: 0 is padding on both sides; on the target side 1 starts and 2 ends a sentence.
/// </summary>
public sealed class Translator : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Padding id on both sides.</summary>
    public const long Pad = 0;

    /// <summary>Start-of-sentence id of the target.</summary>
    public const long Bos = 1;

    /// <summary>End-of-sentence id of the target.</summary>
    public const long Eos = 2;

    private readonly Embedding source_embedding;
    private readonly Embedding target_embedding;
    private readonly Tensor positions;
    private readonly ModuleList<TransformerBlock> encoder;
    private readonly LayerNorm encoder_norm;
    private readonly ModuleList<DecoderBlock> decoder;
    private readonly LayerNorm decoder_norm;
    private readonly Linear head;

    /// <summary>Builds the model.</summary>
    public Translator(TranslatorConfig config) : base(nameof(Translator))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        source_embedding = nn.Embedding(config.SourceVocabulary, config.Width);
        target_embedding = nn.Embedding(config.TargetVocabulary, config.Width);
        positions = SinusoidalPositions.Table(config.MaxLength, config.Width);
        encoder = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config.Width, config.Heads)).ToArray());
        encoder_norm = nn.LayerNorm(config.Width);
        decoder = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new DecoderBlock(config.Width, config.Heads)).ToArray());
        decoder_norm = nn.LayerNorm(config.Width);
        head = nn.Linear(config.Width, config.TargetVocabulary);
        register_buffer(nameof(positions), positions, persistent: false);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public TranslatorConfig Config { get; }

    /// <summary>The decoder blocks (their cross-attention maps are the alignments).</summary>
    public IReadOnlyList<DecoderBlock> DecoderBlocks => decoder.ToList();

    /// <summary>Teacher forcing: logits <c>[B, T, V_target]</c> of the next target token for source <c>[B, S]</c> and target so far <c>[B, T]</c>.</summary>
    public override Tensor forward(Tensor source, Tensor target)
    {
        var sourceMask = AttentionMasks.Padding(source, Pad);                               // [B, 1, 1, S]
        var memory = Encode(source, sourceMask);                                             // [B, S, d]
        return Decode(memory, sourceMask, target);                                          // [B, T, V]
    }

    /// <summary>Greedy decoding: the most likely next token, one at a time, until every sentence has ended or <paramref name="maxLength"/>.</summary>
    /// <returns>Target ids <c>[B, ≤ maxLength]</c>, without the start token.</returns>
    public Tensor Translate(Tensor source, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        maxLength = Math.Min(maxLength, Config.MaxLength - 1);
        using var _ = no_grad();
        var sourceMask = AttentionMasks.Padding(source, Pad);
        var memory = Encode(source, sourceMask);
        var target = full([source.shape[0], 1], Bos, dtype: ScalarType.Int64, device: source.device);  // [B, 1]
        for (var t = 0; t < maxLength; t++)
        {
            var next = Decode(memory, sourceMask, target)[.., -1].argmax(-1, keepdim: true);         // [B, 1]
            target = cat([target, next], 1);                                                           // [B, t + 2]
            if (target.eq(Eos).any(1).all().item<bool>())
                break;
        }
        return target[.., 1..];
    }

    private Tensor Encode(Tensor source, Tensor sourceMask)
    {
        Check(source, nameof(source));
        var x = source_embedding.forward(source) + positions.narrow(0, 0, source.shape[1]);    // [B, S, d]
        foreach (var block in encoder)
            x = block.forward(x, sourceMask);
        return encoder_norm.forward(x);                                                         // [B, S, d]
    }

    private Tensor Decode(Tensor memory, Tensor sourceMask, Tensor target)
    {
        Check(target, nameof(target));
        var targetMask = AttentionMasks.CausalPadding(target, Pad);                              // [B, 1, T, T]
        var x = target_embedding.forward(target) + positions.narrow(0, 0, target.shape[1]);    // [B, T, d]
        foreach (var block in decoder)
            x = block.forward(x, memory, targetMask, sourceMask);
        return head.forward(decoder_norm.forward(x));                                           // [B, T, V]
    }

    private void Check(Tensor ids, string name)
    {
        if (ids.dim() != 2 || ids.shape[1] < 1 || ids.shape[1] > Config.MaxLength)
            throw new ArgumentException($"Expected token ids [B, L] with 1 ≤ L ≤ {Config.MaxLength}; got {ScaledDotProductAttention.Shape(ids)}.", name);
    }
}
