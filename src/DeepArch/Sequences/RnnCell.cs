using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// The simple (Elman) recurrent cell: <c>h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)</c>, the equation of
/// TorchSharp's <c>nn.RNN</c> with its default tanh non-linearity.
/// </summary>
public sealed class RnnCell : RecurrentCell
{
    /// <summary>A cell reading <paramref name="inputSize"/> features with <paramref name="hiddenSize"/> units.</summary>
    public RnnCell(long inputSize, long hiddenSize) : base(nameof(RnnCell), inputSize, hiddenSize, gates: 1) { }

    /// <summary>One step: x_t <c>[B, I]</c>, h_(t-1) <c>[B, H]</c> → h_t <c>[B, H]</c>.</summary>
    public override RecurrentState forward(Tensor input, RecurrentState state)
    {
        Validate(input, state);
        // h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)                        [B, H]
        var hidden = tanh(nn.functional.linear(input, WeightIH, BiasIH) + nn.functional.linear(state.Hidden, WeightHH, BiasHH));
        return new RecurrentState(hidden);
    }
}
