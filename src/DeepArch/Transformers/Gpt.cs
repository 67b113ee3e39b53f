using DeepArch.Sequences;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// A tiny GPT (Radford et al. 2018; in the spirit of Karpathy's nanoGPT): token embeddings plus learned positions, a
/// stack of pre-norm <see cref="TransformerBlock"/>s with causal self-attention, a final layer norm and a linear head
/// giving the logits of the next token at every position. With <see cref="GptConfig.Causal"/> off the same stack is a
/// BERT-style bidirectional encoder.
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly LearnedPositions wpe;
    private readonly ModuleList<TransformerBlock> h;
    private readonly LayerNorm ln_f;
    private readonly Linear lm_head;

    /// <summary>Builds the model with GPT-2's initialisation: N(0, 0.02²), residual projections scaled by 1/√(2·layers).</summary>
    public Gpt(GptConfig config) : base(nameof(Gpt))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.VocabularySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Layers, 1);
        Config = config;
        wte = nn.Embedding(config.VocabularySize, config.Width);
        wpe = new LearnedPositions(config.ContextLength, config.Width);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config.Width, config.Heads)).ToArray());
        ln_f = nn.LayerNorm(config.Width);
        lm_head = nn.Linear(config.Width, config.VocabularySize);
        RegisterComponents();
        Initialize();
    }

    /// <summary>The configuration.</summary>
    public GptConfig Config { get; }

    /// <summary>The blocks, first to last.</summary>
    public IReadOnlyList<TransformerBlock> Blocks => h.ToList();

    /// <summary>Logits of the next token <c>[B, T, V]</c> for token ids <c>[B, T]</c> with T ≤ the context length.</summary>
    /// <exception cref="ArgumentException">The ids are not <c>[B, T]</c> with 1 ≤ T ≤ the context length.</exception>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2 || ids.shape[1] < 1 || ids.shape[1] > Config.ContextLength)
            throw new ArgumentException(
                $"Expected token ids [B, T] with 1 ≤ T ≤ {Config.ContextLength}; got {ScaledDotProductAttention.Shape(ids)}.", nameof(ids));
        var x = wpe.forward(wte.forward(ids));                                    // [B, T, d]
        foreach (var block in h)
            x = block.forward(x, causal: Config.Causal);                         // [B, T, d]
        return lm_head.forward(ln_f.forward(x));                                  // [B, T, V]
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> (ids <c>[P]</c>) by <paramref name="length"/> tokens, each drawn at
    /// <paramref name="temperature"/> (0: greedy) from the logits of the last position, the context cropped to the last
    /// <see cref="GptConfig.ContextLength"/> tokens. Returns the new ids <c>[length]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The prompt is empty or not 1-D.</exception>
    /// <exception cref="InvalidOperationException">The model is bidirectional: it fills blanks, it does not continue.</exception>
    public Tensor Generate(Tensor prompt, int length, double temperature, int seed)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.dim() != 1 || prompt.shape[0] < 1)
            throw new ArgumentException($"Generate expects a non-empty prompt of ids [P]; got {ScaledDotProductAttention.Shape(prompt)}.", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!Config.Causal)
            throw new InvalidOperationException("A bidirectional (BERT-style) model cannot continue a text: it was trained to fill blanks.");
        var device = lm_head.weight!.device;
        var generator = new Generator((ulong)seed, device);
        List<long> context;
        using (var ids = prompt.to_type(ScalarType.Int64).cpu())
            context = [.. ids.data<long>()];
        var generated = new long[length];
        var wasTraining = training;
        eval();
        using (no_grad())
        {
            for (var i = 0; i < length; i++)
            {
                using var scope = NewDisposeScope();
                var window = context.Skip(Math.Max(0, context.Count - Config.ContextLength)).ToArray();
                var logits = forward(tensor(window, device: device).unsqueeze(0));      // [1, T, V]
                var id = TemperatureSampling.Draw(logits[0, -1], temperature, generator);
                generated[i] = id;
                context.Add(id);
            }
        }
        train(wasTraining);
        return tensor(generated);
    }

    private void Initialize()
    {
        using var _ = no_grad();
        foreach (var module in modules())
        {
            if (module is Linear linear)
            {
                linear.weight!.normal_(0, 0.02);
                linear.bias?.zero_();
            }
            else if (module is Embedding embedding)
                embedding.weight!.normal_(0, 0.02);
        }
        foreach (var block in h)
            foreach (var projection in block.ResidualProjections)
                projection.weight!.normal_(0, 0.02 / Math.Sqrt(2 * Config.Layers));
    }
}
