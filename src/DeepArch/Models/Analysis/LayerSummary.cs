namespace DeepArch.Models.Analysis;

/// <summary>One call of a leaf layer during the forward pass a <see cref="ModelSummary"/> traced, in execution order.</summary>
/// <param name="Name">Dotted path of the layer in the model, e.g. <c>layer1.0.conv1</c>.</param>
/// <param name="Type">The layer's type, e.g. <c>Conv2d</c>.</param>
/// <param name="Kind">Convolution, dense or other.</param>
/// <param name="InputShape">Input shape of one sample (without the batch dimension).</param>
/// <param name="OutputShape">Output shape of one sample (without the batch dimension).</param>
/// <param name="Parameters">The layer's parameters; 0 on later calls of a layer used more than once, so the column sums to the total.</param>
/// <param name="Macs">Multiply-accumulates of this call for one sample (see <see cref="ModelSummary"/> for what counts).</param>
public sealed record LayerSummary(
    string Name,
    string Type,
    LayerKind Kind,
    IReadOnlyList<long> InputShape,
    IReadOnlyList<long> OutputShape,
    long Parameters,
    long Macs);
