using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Measures how the gradient of a loss at the last step reaches earlier hidden states: ‖∂L/∂h_t‖ as a function of the
/// distance T − t. Through a tanh RNN it shrinks (or grows) roughly geometrically with the distance — each step
/// multiplies it by <c>W_hhᵀ diag(1 − h²)</c> — while the LSTM's additive cell path <c>c_t = f_t ⊙ c_(t−1) + …</c>
/// lets it through when the forget gates stay open.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// Unrolls <paramref name="cell"/> over <paramref name="sequence"/> <c>[B, T, I]</c>, takes the loss
    /// <c>L = Σ h_T</c> at the last step, and returns <c>‖∂L/∂h_t‖</c> (averaged over the batch) for distances
    /// T − t = 0 … T − 1, in that order.
    /// </summary>
    public static double[] HiddenGradientNorms(RecurrentCell cell, Tensor sequence)
    {
        ArgumentNullException.ThrowIfNull(cell);
        using var scope = NewDisposeScope();
        var state = cell.ZeroState(sequence.shape[0], sequence.device);
        var hidden = new List<Tensor>();
        for (var t = 0; t < sequence.shape[1]; t++)
        {
            state = cell.call(sequence.select(1, t), state);   // h_t [B, H]
            hidden.Add(state.Hidden);
        }
        var loss = state.Hidden.sum();
        var gradients = torch.autograd.grad([loss], hidden, allow_unused: true);   // ∂L/∂h_t, [B, H] each
        return gradients.Select(g => g is null ? 0.0 : g.norm(1, keepdim: false, p: 2).mean().item<float>())
            .Reverse().Select(v => (double)v).ToArray();
    }

    /// <summary>Multiplies the recurrent weights <c>W_hh</c> of <paramref name="cell"/> so their spectral radius becomes <paramref name="radius"/>.</summary>
    public static void ScaleRecurrentWeights(RecurrentCell cell, double radius)
    {
        ArgumentNullException.ThrowIfNull(cell);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var blocks = cell.WeightHH.chunk(cell.WeightHH.shape[0] / cell.HiddenSize, 0);   // G × [H, H]
        foreach (var block in blocks)
        {
            var eigenvalues = linalg.eigvals(block);                                       // complex [H]
            var current = eigenvalues.abs().max().item<float>();
            block.mul_(radius / current);
        }
    }
}
