using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training;

/// <summary>Two Gaussian blobs in the plane, centred at (−2, −2) and (2, 2): linearly separable but for a few outliers.</summary>
internal static class SeparableProblem
{
    public static (Tensor Inputs, Tensor Targets) Make(int samples, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var labels = randint(0, 2, new long[] { samples }, generator: generator);                    // [N]
        using var centres = labels.to_type(ScalarType.Float32).mul(4).sub(2).unsqueeze(1).expand(samples, 2); // [N, 2]
        using var noise = randn(new long[] { samples, 2 }, generator: generator);
        return (centres.add(noise), labels);
    }

    public static nn.Module<Tensor, Tensor> Network() =>
        nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2));
}
