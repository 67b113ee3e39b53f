using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// What a recurrent cell carries from one time step to the next: the hidden state <c>h</c> <c>[B, H]</c> and, for an
/// LSTM, the memory cell <c>c</c> <c>[B, H]</c>.
/// </summary>
/// <param name="Hidden">The hidden state h_t, <c>[B, H]</c>: the cell's output at step t.</param>
/// <param name="Cell">The LSTM's memory cell c_t, <c>[B, H]</c>; <c>null</c> for RNN and GRU cells.</param>
public sealed record RecurrentState(Tensor Hidden, Tensor? Cell = null)
{
    /// <summary>
    /// The same state cut from the graph that produced it (truncated back-propagation through time): gradients of
    /// later steps stop here, and the graph of earlier windows can be freed.
    /// </summary>
    public RecurrentState Detach() => new(Hidden.detach(), Cell?.detach());
}
