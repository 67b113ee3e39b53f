using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The losses of a GAN (Goodfellow et al., "Generative Adversarial Nets", NIPS 2014), written on the discriminator's
/// logits l (D = σ(l)) so they stay finite however sure the discriminator is: −log σ(l) = softplus(−l) and
/// −log(1 − σ(l)) = softplus(l), never log(0).
/// </summary>
public static class GanLoss
{
    /// <summary>
    /// The discriminator's loss, the negative of the value function V(D, G) of eq. (1):
    /// −E_x[log D(x)] − E_z[log(1 − D(G(z)))], a binary cross-entropy with targets 1 for real and 0 for fake, averaged
    /// over each batch. At the game's equilibrium (D = ½ everywhere) it equals log 4 ≈ 1.386.
    /// </summary>
    /// <param name="realLogits">Logits of the discriminator on real samples, any shape.</param>
    /// <param name="fakeLogits">Logits on generated samples, any shape.</param>
    /// <param name="realTarget">Target of real samples: 1, or e.g. 0.9 for one-sided label smoothing (Salimans et al. 2016).</param>
    /// <returns>A scalar.</returns>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, double realTarget = 1.0)
    {
        ArgumentNullException.ThrowIfNull(realLogits);
        ArgumentNullException.ThrowIfNull(fakeLogits);
        if (realTarget is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(realTarget), realTarget, "The real samples' target must lie in (0, 1].");
        // BCE(l, t) = t·softplus(−l) + (1 − t)·softplus(l)
        var real = realTarget * nn.functional.softplus(-realLogits) + (1 - realTarget) * nn.functional.softplus(realLogits);
        return real.mean() + nn.functional.softplus(fakeLogits).mean();
    }

    /// <summary>The generator's loss under <paramref name="objective"/>, averaged over the batch.</summary>
    /// <param name="fakeLogits">Logits of the discriminator on generated samples, any shape.</param>
    /// <param name="objective">Minimax: E[log(1 − D(G(z)))] = −E[softplus(l)]; non-saturating: −E[log D(G(z))] = E[softplus(−l)].</param>
    /// <returns>A scalar.</returns>
    public static Tensor Generator(Tensor fakeLogits, GanObjective objective = GanObjective.NonSaturating)
    {
        ArgumentNullException.ThrowIfNull(fakeLogits);
        return objective switch
        {
            GanObjective.Minimax => -nn.functional.softplus(fakeLogits).mean(),
            GanObjective.NonSaturating => nn.functional.softplus(-fakeLogits).mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unknown GAN objective."),
        };
    }
}
