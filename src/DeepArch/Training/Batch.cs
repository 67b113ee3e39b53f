using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>One mini-batch: inputs (first dimension = batch) and the matching targets.</summary>
/// <param name="Inputs">Model inputs, e.g. images <c>[B, C, H, W]</c>.</param>
/// <param name="Targets">What the model should produce, e.g. class indices <c>[B]</c>.</param>
public sealed record Batch(Tensor Inputs, Tensor Targets)
{
    /// <summary>Number of samples in the batch.</summary>
    public int Size => (int)Inputs.shape[0];

    /// <summary>The same batch on <paramref name="device"/> (no copy when already there).</summary>
    public Batch To(Device device) =>
        Inputs.IsOn(device) && Targets.IsOn(device) ? this : new Batch(Inputs.to(device), Targets.to(device));
}
