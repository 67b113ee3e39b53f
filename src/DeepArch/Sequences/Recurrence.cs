using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// The recurrence unrolled in time: the same cell (the same weights) applied at every step, each step reading the
/// previous step's state. Back-propagation through this unrolled graph is back-propagation through time.
/// </summary>
public static class Recurrence
{
    /// <summary>
    /// Runs <paramref name="cell"/> over a sequence <c>[B, T, I]</c> (batch first) from <paramref name="initial"/>
    /// (zeros when <c>null</c>); returns every hidden state <c>[B, T, H]</c> and the last state.
    /// </summary>
    /// <exception cref="ArgumentException">The sequence is not <c>[B, T, I]</c> with the cell's I.</exception>
    public static (Tensor Outputs, RecurrentState Last) Unroll(RecurrentCell cell, Tensor sequence, RecurrentState? initial = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (sequence.dim() != 3 || sequence.shape[2] != cell.InputSize || sequence.shape[1] < 1)
            throw new ArgumentException(
                $"Unroll expects a sequence [B, T, {cell.InputSize}] with T ≥ 1; got [{string.Join(", ", sequence.shape)}].", nameof(sequence));
        var state = initial ?? cell.ZeroState(sequence.shape[0], sequence.device);
        var outputs = new List<Tensor>((int)sequence.shape[1]);
        for (var t = 0; t < sequence.shape[1]; t++)
        {
            state = cell.call(sequence.select(1, t), state);   // x_t [B, I] → h_t [B, H]
            outputs.Add(state.Hidden);
        }
        return (stack(outputs, dim: 1), state);                // [B, T, H]
    }

    /// <summary>
    /// A bidirectional layer: <paramref name="forward"/> reads the sequence left to right, <paramref name="backward"/>
    /// right to left, and each position gets both hidden states concatenated, <c>[B, T, 2H]</c>: the first H features
    /// summarise the past up to t, the last H the future from t (the layout of TorchSharp's bidirectional layers).
    /// </summary>
    public static Tensor Bidirectional(RecurrentCell forward, RecurrentCell backward, Tensor sequence)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        var (past, _) = Unroll(forward, sequence);                          // [B, T, H]
        var (reversed, _) = Unroll(backward, sequence.flip(1));             // [B, T, H], time reversed
        return cat([past, reversed.flip(1)], dim: 2);                       // [B, T, 2H]
    }
}
