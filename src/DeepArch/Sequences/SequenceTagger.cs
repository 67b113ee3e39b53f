using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Tags every position of a sequence of ids <c>int64 [B, T]</c> with a class, <c>[B, T, classes]</c>, from an LSTM's
/// hidden state at that position: a one-way LSTM knows only the past (x_1 … x_t), a bidirectional one (BiLSTM) the
/// past and the future (x_t … x_T), its two halves concatenated.
/// </summary>
public sealed class SequenceTagger : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Linear head;

    /// <summary>A tagger over <paramref name="vocabulary"/> ids into <paramref name="classes"/> classes.</summary>
    public SequenceTagger(int vocabulary, int classes, int hidden = 32, bool bidirectional = false) : base(nameof(SequenceTagger))
    {
        Bidirectional = bidirectional;
        embedding = nn.Embedding(vocabulary, hidden);
        lstm = nn.LSTM(hidden, hidden, batchFirst: true, bidirectional: bidirectional);
        head = nn.Linear(bidirectional ? 2 * hidden : hidden, classes);
        RegisterComponents();
    }

    /// <summary>Whether the LSTM also reads the sequence right to left.</summary>
    public bool Bidirectional { get; }

    /// <summary>Logits <c>[B, T, classes]</c> of ids <c>int64 [B, T]</c>.</summary>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2)
            throw new ArgumentException($"{nameof(SequenceTagger)} expects ids [B, T]; got [{string.Join(", ", ids.shape)}].", nameof(ids));
        var (outputs, _, _) = lstm.call(embedding.call(ids));   // [B, T, H] or [B, T, 2H]
        return head.call(outputs);                               // [B, T, classes]
    }
}
