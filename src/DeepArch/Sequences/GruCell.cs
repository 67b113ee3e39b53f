using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// The gated recurrent unit (Cho et al. 2014, eq. 5-8): an LSTM simplified, whose update gate z_t does the work of both
/// the input and the forget gates (what is written is what is forgotten), with no separate memory cell and no output
/// gate — three blocks of weights instead of four:
/// <code>
/// r_t = σ(W_ir x_t + b_ir + W_hr h_(t-1) + b_hr)            reset gate
/// z_t = σ(W_iz x_t + b_iz + W_hz h_(t-1) + b_hz)            update gate
/// n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_(t-1) + b_hn))  candidate
/// h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_(t-1)
/// </code>
/// Blocks stacked in TorchSharp's order (r, z, n), so the weights of <c>nn.GRU</c> copy in as is.
/// </summary>
public sealed class GruCell : RecurrentCell
{
    /// <summary>A cell reading <paramref name="inputSize"/> features with <paramref name="hiddenSize"/> units.</summary>
    public GruCell(long inputSize, long hiddenSize) : base(nameof(GruCell), inputSize, hiddenSize, gates: 3) { }

    /// <summary>One step: x_t <c>[B, I]</c>, h_(t-1) <c>[B, H]</c> → h_t <c>[B, H]</c>.</summary>
    public override RecurrentState forward(Tensor input, RecurrentState state)
    {
        Validate(input, state);
        var fromInput = nn.functional.linear(input, WeightIH, BiasIH).chunk(3, dim: 1);          // 3 × [B, H]
        var fromHidden = nn.functional.linear(state.Hidden, WeightHH, BiasHH).chunk(3, dim: 1);  // 3 × [B, H]
        var reset = sigmoid(fromInput[0] + fromHidden[0]);
        var update = sigmoid(fromInput[1] + fromHidden[1]);
        var candidate = tanh(fromInput[2] + reset * fromHidden[2]);
        // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_(t-1)                                   [B, H]
        var hidden = (1 - update) * candidate + update * state.Hidden;
        return new RecurrentState(hidden);
    }
}
