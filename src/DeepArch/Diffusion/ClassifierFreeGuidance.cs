using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Classifier-free guidance (Ho &amp; Salimans 2021): one network trained with its condition sometimes replaced by ∅
/// predicts both ε(x, c) and ε(x); sampling extrapolates from the second towards the first.
/// </summary>
public static class ClassifierFreeGuidance
{
    /// <summary>ε̂ = (1 + w) ε(x, c) − w ε(x): w = 0 is the plain conditional prediction, larger w follows the condition harder.</summary>
    /// <exception cref="ArgumentException">The two predictions differ in shape.</exception>
    public static Tensor Combine(Tensor conditional, Tensor unconditional, double weight)
    {
        DiffusionMath.RequireSameShape(unconditional, conditional);
        // Ho & Salimans 2021, eq. 6: ε̃_θ(z, c) = (1 + w) ε_θ(z, c) − w ε_θ(z)
        return (1 + weight) * conditional - weight * unconditional;
    }
}
