using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

internal static class TensorComparison
{
    /// <summary>Same shape and exactly the same elements.</summary>
    public static bool Same(this Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            return false;
        using var equal = a.eq(b);
        using var all = equal.all();
        return all.item<bool>();
    }
}
