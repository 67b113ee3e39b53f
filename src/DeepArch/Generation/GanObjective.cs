namespace DeepArch.Generation;

/// <summary>What the generator of a GAN minimises (Goodfellow et al. 2014, §3).</summary>
public enum GanObjective
{
    /// <summary>
    /// The minimax game as written: the generator minimises E_z[log(1 − D(G(z)))], whose gradient vanishes when the
    /// discriminator confidently rejects the fakes (early in training).
    /// </summary>
    Minimax,

    /// <summary>
    /// The non-saturating heuristic of the same paper: the generator maximises E_z[log D(G(z))] instead, which has the
    /// same fixed point but strong gradients exactly where the minimax loss saturates.
    /// </summary>
    NonSaturating,
}
