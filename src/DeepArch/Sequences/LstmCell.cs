using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// The long short-term memory cell (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &amp;
/// Cummins 2000) — the lecture's « quatre neurones » around a memory cell c_t:
/// <code>
/// i_t = σ(W_ii x_t + b_ii + W_hi h_(t-1) + b_hi)     input gate: how much of g_t to write
/// f_t = σ(W_if x_t + b_if + W_hf h_(t-1) + b_hf)     forget gate: how much of c_(t-1) to keep
/// g_t = tanh(W_ig x_t + b_ig + W_hg h_(t-1) + b_hg)  input activation: the candidate to write
/// o_t = σ(W_io x_t + b_io + W_ho h_(t-1) + b_ho)     output gate: how much of the cell to show
/// c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t
/// h_t = o_t ⊙ tanh(c_t)
/// </code>
/// The four blocks are stacked in TorchSharp's order (i, f, g, o), so the weights of <c>nn.LSTM</c> copy in as is.
/// </summary>
public sealed class LstmCell : RecurrentCell
{
    /// <summary>A cell reading <paramref name="inputSize"/> features with <paramref name="hiddenSize"/> units.</summary>
    public LstmCell(long inputSize, long hiddenSize) : base(nameof(LstmCell), inputSize, hiddenSize, gates: 4) { }

    /// <inheritdoc />
    public override bool HasCell => true;

    /// <summary>One step: x_t <c>[B, I]</c>, (h_(t-1), c_(t-1)) <c>[B, H]</c> each → (h_t, c_t).</summary>
    public override RecurrentState forward(Tensor input, RecurrentState state)
    {
        Validate(input, state);
        var pre = nn.functional.linear(input, WeightIH, BiasIH) + nn.functional.linear(state.Hidden, WeightHH, BiasHH); // [B, 4H]
        var blocks = pre.chunk(4, dim: 1);                                                                             // 4 × [B, H]
        var (inputGate, forgetGate, candidate, outputGate) = (sigmoid(blocks[0]), sigmoid(blocks[1]), tanh(blocks[2]), sigmoid(blocks[3]));
        var cell = forgetGate * state.Cell! + inputGate * candidate;   // c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t   [B, H]
        var hidden = outputGate * tanh(cell);                          // h_t = o_t ⊙ tanh(c_t)             [B, H]
        return new RecurrentState(hidden, cell);
    }
}
