using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Inputs and the matching targets, first dimension = sample, ready for
/// <see cref="Training.TensorDataModule"/>: <c>var (x, y) = Toy2D.Moons(500);</c>. Owns both tensors.
/// </summary>
/// <param name="Inputs">What the model reads.</param>
/// <param name="Targets">What it should produce.</param>
public sealed record Samples(Tensor Inputs, Tensor Targets) : IDisposable
{
    /// <summary>Number of samples.</summary>
    public int Count => (int)Inputs.shape[0];

    /// <summary>Releases both tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
