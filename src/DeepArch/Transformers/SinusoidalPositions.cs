using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// The sinusoidal positional encoding (Vaswani et al. 2017, §3.5): <c>PE(pos, 2i) = sin(pos / 10000^(2i/d))</c> and
/// <c>PE(pos, 2i+1) = cos(pos / 10000^(2i/d))</c>. Each pair of columns turns at its own frequency, so the encoding of
/// pos + k is a fixed rotation of that of pos whatever pos is: offsets are linear functions of the encodings.
/// </summary>
public static class SinusoidalPositions
{
    /// <summary>The table <c>[length, width]</c> of encodings of positions 0..length − 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive, or the width is not a positive even number.</exception>
    public static Tensor Table(long length, long width, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (width < 2 || width % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"The width must be a positive even number; got {width}.");
        using var scope = NewDisposeScope();
        var position = arange(length, dtype: ScalarType.Float64).unsqueeze(1);             // [L, 1]
        var twoI = arange(0, width, 2, dtype: ScalarType.Float64);                         // [d/2]: 2i
        var angle = position / pow(10000.0, twoI / width);                                 // [L, d/2]
        var table = stack([angle.sin(), angle.cos()], dim: -1).reshape(length, width);     // [L, d]: sin, cos interleaved
        return table.to_type(ScalarType.Float32).to(device ?? CPU).MoveToOuterDisposeScope();
    }
}
