using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Gradient descent on the <em>input</em> of a trained network whose weights stay frozen: the lecture's
/// Δx = −η ∂E(x|θ)/∂x, where E is an energy of the network's answer (for instance minus the logit of a wanted class).
/// Only the input receives a gradient: the parameters' <c>.grad</c> are left untouched.
/// </summary>
public static class InputGradient
{
    /// <summary>∂E/∂x, shaped like <paramref name="x"/>, for a scalar energy <paramref name="energy"/>(x).</summary>
    /// <param name="energy">Maps an input to a scalar tensor (a one-element tensor).</param>
    /// <param name="x">The input the gradient is taken at; it is not modified.</param>
    /// <exception cref="ArgumentException">The energy is not a scalar.</exception>
    public static Tensor Gradient(Func<Tensor, Tensor> energy, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        using var enabled = enable_grad();
        var input = x.detach().clone().requires_grad_(true);
        var e = energy(input);
        if (e.numel() != 1)
            throw new ArgumentException(
                $"The energy must be a scalar to take its gradient; it gave a tensor [{string.Join(", ", e.shape)}].", nameof(energy));
        var gradient = autograd.grad([e.reshape(Array.Empty<long>())], [input])[0];   // shaped like x
        return gradient.detach().MoveToOuterDisposeScope();
    }

    /// <summary>One step of the lecture's rule, x − η ∂E/∂x, as a new tensor.</summary>
    /// <param name="energy">Maps an input to a scalar tensor.</param>
    /// <param name="x">The current input.</param>
    /// <param name="rate">The step size η (negative to ascend).</param>
    public static Tensor Step(Func<Tensor, Tensor> energy, Tensor x, double rate)
    {
        using var scope = NewDisposeScope();
        // Δx = −η ∂E(x|θ)/∂x
        return (x.detach() - Gradient(energy, x).mul(rate)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The energy of "be classified as <paramref name="target"/>": minus the target classes' logits, summed over the
    /// batch (Simonyan, Vedaldi, Zisserman, "Deep inside convolutional networks", 2014, who maximise the unnormalised
    /// class score rather than its softmax, which a network can also raise by lowering the other classes).
    /// </summary>
    /// <param name="logits">Maps images <c>[B, C, H, W]</c> to class logits <c>[B, K]</c>.</param>
    /// <param name="target">One wanted class per image <c>[B]</c> (int64).</param>
    public static Func<Tensor, Tensor> ClassEnergy(Func<Tensor, Tensor> logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        return x =>
        {
            var scores = logits(x);                                            // (B, K)
            if (scores.dim() != 2 || target.dim() != 1 || scores.shape[0] != target.shape[0])
                throw new ArgumentException(
                    $"ClassEnergy needs logits [B, K] and one target per image [B]; got [{string.Join(", ", scores.shape)}] and [{string.Join(", ", target.shape)}].");
            return scores.gather(1, target.to(scores.device).unsqueeze(1)).sum().neg();   // −Σ_b s_{b, r_b}
        };
    }
}
