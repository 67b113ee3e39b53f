namespace DeepArch.Convolutions;

/// <summary>One sliding-window layer (convolution or pooling) as far as geometry is concerned.</summary>
/// <param name="Name">Shown in tables, e.g. "conv1 3×3".</param>
/// <param name="Kernel">Kernel size K.</param>
/// <param name="Stride">Stride S.</param>
/// <param name="Padding">Zeros P on each side.</param>
/// <param name="Dilation">Dilation D.</param>
public sealed record SlidingLayer(string Name, int Kernel, int Stride = 1, int Padding = 0, int Dilation = 1);

/// <summary>What one unit of a layer sees of the input.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Size">Receptive field r: the unit depends on r × r input pixels.</param>
/// <param name="Jump">Distance j, in input pixels, between two neighbouring units of this layer (product of strides).</param>
/// <param name="Start">Input coordinate of the centre of the first unit's field (negative inside the padding).</param>
public sealed record ReceptiveFieldStep(SlidingLayer Layer, int Size, int Jump, double Start);

/// <summary>Receptive fields of stacked sliding-window layers.</summary>
public static class ReceptiveField
{
    /// <summary>
    /// The receptive field after each layer, by the recurrence r_l = r_{l−1} + D_l·(K_l − 1)·j_{l−1}, j_l = j_{l−1}·S_l,
    /// start_l = start_{l−1} + (D_l·(K_l − 1)/2 − P_l)·j_{l−1}, from r_0 = j_0 = 1 and start_0 = 0 (Araujo, Norris &amp;
    /// Sim 2019, "Computing Receptive Fields of Convolutional Neural Networks", Distill, eq. 1–2).
    /// </summary>
    /// <param name="layers">The layers, input first.</param>
    /// <exception cref="ArgumentException">A layer has a setting out of range.</exception>
    public static IReadOnlyList<ReceptiveFieldStep> Compute(IEnumerable<SlidingLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var steps = new List<ReceptiveFieldStep>();
        var (size, jump, start) = (1, 1, 0.0);
        foreach (var layer in layers)
        {
            if (layer.Kernel < 1 || layer.Stride < 1 || layer.Padding < 0 || layer.Dilation < 1)
                throw new ArgumentException($"Layer '{layer.Name}' needs K ≥ 1, S ≥ 1, P ≥ 0 and D ≥ 1, got {layer}.", nameof(layers));
            var span = layer.Dilation * (layer.Kernel - 1);
            start += (span / 2.0 - layer.Padding) * jump;
            size += span * jump;
            jump *= layer.Stride;
            steps.Add(new ReceptiveFieldStep(layer, size, jump, start));
        }
        return steps;
    }
}
