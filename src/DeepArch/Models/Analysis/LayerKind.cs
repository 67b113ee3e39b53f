namespace DeepArch.Models.Analysis;

/// <summary>Where a layer's parameters are counted in a <see cref="ModelSummary"/>.</summary>
public enum LayerKind
{
    /// <summary>Convolutions, transposed convolutions included (1-D, 2-D, 3-D).</summary>
    Convolution,

    /// <summary>Fully connected (<c>Linear</c>) layers.</summary>
    Dense,

    /// <summary>Everything else: batch normalization, activations, pooling, dropout…</summary>
    Other,
}
