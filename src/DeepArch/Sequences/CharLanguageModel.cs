using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>Sizes of a <see cref="CharLanguageModel"/>.</summary>
/// <param name="VocabularySize">Distinct characters V.</param>
/// <param name="EmbeddingSize">Features E of each character's learned embedding.</param>
/// <param name="HiddenSize">Units H of each LSTM layer.</param>
/// <param name="Layers">Stacked LSTM layers L.</param>
/// <param name="Dropout">Dropout between stacked layers (training only).</param>
public sealed record CharLanguageModelConfig(int VocabularySize, int EmbeddingSize = 64, int HiddenSize = 512, int Layers = 1, double Dropout = 0)
{
    /// <summary>The recipe's model for Tiny Shakespeare's 65 characters.</summary>
    public static CharLanguageModelConfig Shakespeare() => new(65);
}

/// <summary>
/// A character-level language model (char-rnn): embed each character, run a stacked LSTM, and read the next
/// character's logits from each hidden state, <c>p(x_(t+1) | x_≤t) = softmax(W h_t + b)</c>. It uses TorchSharp's
/// fused <c>nn.LSTM</c> for speed; <see cref="LstmCell"/> is the same computation written out for teaching.
/// </summary>
public sealed class CharLanguageModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Linear head;

    /// <summary>Builds the model described by <paramref name="config"/>.</summary>
    public CharLanguageModel(CharLanguageModelConfig config) : base(nameof(CharLanguageModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.VocabularySize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Layers, 1);
        Config = config;
        embedding = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        lstm = nn.LSTM(config.EmbeddingSize, config.HiddenSize, config.Layers, batchFirst: true,
            dropout: config.Layers > 1 ? config.Dropout : 0);
        head = nn.Linear(config.HiddenSize, config.VocabularySize);
        RegisterComponents();
    }

    /// <summary>The model's sizes.</summary>
    public CharLanguageModelConfig Config { get; }

    /// <summary>Next-character logits <c>[B, T, V]</c> of character ids <c>int64 [B, T]</c>, from a zero state.</summary>
    public override Tensor forward(Tensor ids) => Forward(ids, null).Logits;

    /// <summary>
    /// Next-character logits <c>[B, T, V]</c> of ids <c>int64 [B, T]</c>, starting from <paramref name="state"/>
    /// (the state another window ended with; zeros when <c>null</c>), and the state after the last character:
    /// hidden and cell <c>[L, B, H]</c> each.
    /// </summary>
    /// <exception cref="ArgumentException">The ids are not <c>[B, T]</c>, or the state does not match.</exception>
    public (Tensor Logits, RecurrentState State) Forward(Tensor ids, RecurrentState? state)
    {
        if (ids.dim() != 2)
            throw new ArgumentException($"{nameof(CharLanguageModel)} expects character ids [B, T]; got [{string.Join(", ", ids.shape)}].", nameof(ids));
        if (state is not null && (state.Cell is null || state.Hidden.dim() != 3 || state.Hidden.shape[0] != Config.Layers
            || state.Hidden.shape[1] != ids.shape[0] || state.Hidden.shape[2] != Config.HiddenSize))
            throw new ArgumentException(
                $"The state must hold hidden and cell of shape [{Config.Layers}, {ids.shape[0]}, {Config.HiddenSize}]; " +
                $"got hidden [{string.Join(", ", state.Hidden.shape)}]{(state.Cell is null ? " and no cell" : "")}.", nameof(state));
        var x = embedding.call(ids);                                                             // [B, T, E]
        var (outputs, hidden, cell) = lstm.call(x, state is null ? null : (state.Hidden, state.Cell!)); // [B, T, H], [L, B, H] × 2
        return (head.call(outputs), new RecurrentState(hidden, cell));                           // [B, T, V]
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> (ids <c>int64 [P]</c>, P ≥ 1) with <paramref name="length"/> characters,
    /// each drawn from the model's distribution at <paramref name="temperature"/> (see <see cref="TemperatureSampling"/>);
    /// returns the generated ids only, <c>int64 [length]</c>, on the CPU.
    /// </summary>
    public Tensor Generate(Tensor prompt, int length, double temperature, int seed)
    {
        if (prompt.dim() != 1 || prompt.shape[0] < 1)
            throw new ArgumentException($"Generate expects a non-empty prompt of ids [P]; got [{string.Join(", ", prompt.shape)}].", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var device = head.weight!.device;
        var generator = new Generator((ulong)seed, device);
        var generated = new long[length];
        var wasTraining = training;
        eval();
        using (no_grad())
        {
            RecurrentState? state = null;
            var input = prompt.to(device).unsqueeze(0);                        // [1, P]
            for (var i = 0; i < length; i++)
            {
                using var scope = NewDisposeScope();
                var (logits, next) = Forward(input, state);                   // [1, P or 1, V]
                var id = TemperatureSampling.Draw(logits[0, -1], temperature, generator);
                generated[i] = id;
                state = new RecurrentState(next.Hidden.MoveToOuterDisposeScope(), next.Cell!.MoveToOuterDisposeScope());
                input = tensor(new[] { id }, device: device).reshape(1, 1).MoveToOuterDisposeScope();
            }
        }
        train(wasTraining);
        return tensor(generated);
    }
}
