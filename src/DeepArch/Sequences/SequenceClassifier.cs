using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>The sequence models chapter 04 compares.</summary>
public enum SequenceArchitecture
{
    /// <summary>A simple tanh recurrent network (<c>nn.RNN</c>).</summary>
    Rnn,

    /// <summary>A gated recurrent unit (<c>nn.GRU</c>).</summary>
    Gru,

    /// <summary>A long short-term memory (<c>nn.LSTM</c>).</summary>
    Lstm,

    /// <summary>Causal 1-D convolutions over time: every position is computed in parallel, but sees only its receptive field.</summary>
    Conv1d,
}

/// <summary>Sizes of a <see cref="SequenceClassifier"/>.</summary>
/// <param name="Architecture">The sequence model.</param>
/// <param name="Vocabulary">Distinct input ids.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Hidden">Hidden units of the recurrent layer, or channels of each convolution.</param>
/// <param name="ConvLayers">Convolution layers (Conv1d only).</param>
/// <param name="KernelSize">Width of each convolution (Conv1d only).</param>
public sealed record SequenceClassifierConfig(
    SequenceArchitecture Architecture, int Vocabulary, int Classes, int Hidden = 32, int ConvLayers = 4, int KernelSize = 5)
{
    /// <summary>Positions the last output of the convolution stack sees: <c>1 + layers · (kernel − 1)</c>.</summary>
    public int ReceptiveField => 1 + ConvLayers * (KernelSize - 1);
}

/// <summary>
/// Reads a sequence of ids <c>int64 [B, T]</c> and classifies it from its last position, <c>[B, classes]</c>: a
/// recurrent layer's last hidden state, or the last output of causal 1-D convolutions over time.
/// </summary>
public sealed class SequenceClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly nn.Module? recurrent;
    private readonly ModuleList<Conv1d>? convolutions;
    private readonly Linear head;

    /// <summary>Builds the model described by <paramref name="config"/>.</summary>
    public SequenceClassifier(SequenceClassifierConfig config) : base(nameof(SequenceClassifier))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        embedding = nn.Embedding(config.Vocabulary, config.Hidden);
        switch (config.Architecture)
        {
            case SequenceArchitecture.Rnn: recurrent = nn.RNN(config.Hidden, config.Hidden, batchFirst: true); break;
            case SequenceArchitecture.Gru: recurrent = nn.GRU(config.Hidden, config.Hidden, batchFirst: true); break;
            case SequenceArchitecture.Lstm: recurrent = nn.LSTM(config.Hidden, config.Hidden, batchFirst: true); break;
            default:
                convolutions = new ModuleList<Conv1d>(Enumerable.Range(0, config.ConvLayers)
                    .Select(_ => nn.Conv1d(config.Hidden, config.Hidden, config.KernelSize)).ToArray());
                break;
        }
        head = nn.Linear(config.Hidden, config.Classes);
        RegisterComponents();
    }

    /// <summary>The model's sizes.</summary>
    public SequenceClassifierConfig Config { get; }

    /// <summary>The recurrent layer (<c>nn.RNN</c>, <c>nn.GRU</c> or <c>nn.LSTM</c>); <c>null</c> for Conv1d.</summary>
    public nn.Module? RecurrentLayer => recurrent;

    /// <summary>The embedded inputs <c>[B, T, H]</c> that the sequence layers read, for ids <c>int64 [B, T]</c>.</summary>
    public Tensor Embed(Tensor ids) => embedding.call(ids);

    /// <summary>Logits <c>[B, classes]</c> of ids <c>int64 [B, T]</c>.</summary>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2)
            throw new ArgumentException($"{nameof(SequenceClassifier)} expects ids [B, T]; got [{string.Join(", ", ids.shape)}].", nameof(ids));
        var x = embedding.call(ids);                                              // [B, T, H]
        Tensor last;
        switch (recurrent)
        {
            case RNN rnn: last = rnn.call(x).Item1[.., -1]; break;              // [B, H]
            case GRU gru: last = gru.call(x).Item1[.., -1]; break;
            case LSTM lstm: last = lstm.call(x).Item1[.., -1]; break;
            default:
                var h = x.transpose(1, 2);                                        // [B, H, T]
                foreach (var conv in convolutions!)
                    // Causal: pad k − 1 positions on the left only, so position t sees t − (k − 1) … t.
                    h = nn.functional.relu(conv.call(nn.functional.pad(h, [Config.KernelSize - 1, 0])));   // [B, H, T]
                last = h[.., .., -1];                                             // [B, H]
                break;
        }
        return head.call(last);                                                   // [B, classes]
    }
}
