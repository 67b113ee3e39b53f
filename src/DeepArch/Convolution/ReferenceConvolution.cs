using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Convolutions;

/// <summary>
/// Convolutions written as plain loops, to read rather than to run fast: the discrete convolution of two sequences
/// and the cross-correlation that deep-learning frameworks call "convolution" (<c>conv1d</c>, <c>conv2d</c>), with
/// stride, zero padding and dilation. They compute in double precision on the CPU and return float32 tensors, so
/// they can be compared with <c>torch.nn.functional.conv1d</c>/<c>conv2d</c>.
/// </summary>
public static class ReferenceConvolution
{
    /// <summary>
    /// The full discrete convolution (f * g)[n] = Σₘ f[m] · g[n − m] of two finite sequences (GIF-4101 §10.1),
    /// of length |f| + |g| − 1. Unlike <see cref="Conv1d"/> the kernel is flipped: f * g = g * f.
    /// </summary>
    /// <param name="f">The first sequence, f[0…].</param>
    /// <param name="g">The second sequence, g[0…].</param>
    /// <exception cref="ArgumentException">A sequence is empty.</exception>
    public static double[] Convolve(IReadOnlyList<double> f, IReadOnlyList<double> g)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(g);
        if (f.Count == 0 || g.Count == 0)
            throw new ArgumentException($"Both sequences need at least one value, got lengths {f.Count} and {g.Count}.");
        var result = new double[f.Count + g.Count - 1];
        for (var n = 0; n < result.Length; n++)
            for (var m = Math.Max(0, n - g.Count + 1); m <= Math.Min(n, f.Count - 1); m++)
                result[n] += f[m] * g[n - m];
        return result;
    }

    /// <summary>
    /// 1-D cross-correlation as a convolutional layer computes it:
    /// y[n, o, i] = b[o] + Σ_c Σ_k w[o, c, k] · x[n, c, i·S − P + k·D] (zero outside the input).
    /// </summary>
    /// <param name="input">Sequences <c>[N, C_in, L]</c>.</param>
    /// <param name="weight">Filters <c>[C_out, C_in, K]</c>.</param>
    /// <param name="bias">One bias per filter <c>[C_out]</c>, or none.</param>
    /// <param name="stride">Step S between two output positions.</param>
    /// <param name="padding">Zeros P added on each side.</param>
    /// <param name="dilation">Spacing D between the kernel's taps.</param>
    /// <returns><c>[N, C_out, L_out]</c> with L_out from <see cref="ConvArithmetic.OutputSize"/>.</returns>
    /// <exception cref="ArgumentException">Shapes do not fit together or a setting is out of range.</exception>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.dim() != 3 || weight.dim() != 3)
            throw new ArgumentException(
                $"Conv1d expects an input [N, C_in, L] and filters [C_out, C_in, K], got [{string.Join(", ", input.shape)}] and [{string.Join(", ", weight.shape)}].");
        // A sequence is an image one pixel high: the 2-D loops do the work.
        using var scope = NewDisposeScope();
        var output = Conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, (1, stride), (0, padding), (1, dilation), nameof(Conv1d));
        return output.squeeze(2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// 2-D cross-correlation as a convolutional layer computes it (NCHW, TorchSharp's layout):
    /// y[n, o, i, j] = b[o] + Σ_c Σ_u Σ_v w[o, c, u, v] · x[n, c, i·S − P + u·D, j·S − P + v·D] (zero outside the input).
    /// </summary>
    /// <param name="input">Images <c>[N, C_in, H, W]</c>.</param>
    /// <param name="weight">Filters <c>[C_out, C_in, K_h, K_w]</c>.</param>
    /// <param name="bias">One bias per filter <c>[C_out]</c>, or none.</param>
    /// <param name="stride">Step S between two output positions, in both directions.</param>
    /// <param name="padding">Zeros P added on each of the four sides.</param>
    /// <param name="dilation">Spacing D between the kernel's taps, in both directions.</param>
    /// <returns><c>[N, C_out, H_out, W_out]</c> with sizes from <see cref="ConvArithmetic.OutputSize"/>.</returns>
    /// <exception cref="ArgumentException">Shapes do not fit together or a setting is out of range.</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), nameof(Conv2d));
    }

    private static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias,
        (int Y, int X) stride, (int Y, int X) padding, (int Y, int X) dilation, string caller)
    {
        if (input.dim() != 4)
            throw new ArgumentException($"{caller} expects a 4-D input [N, C_in, H, W], got [{string.Join(", ", input.shape)}].", nameof(input));
        if (weight.dim() != 4 || weight.shape[1] != input.shape[1])
            throw new ArgumentException(
                $"{caller} expects filters whose second dimension is C_in = {input.shape[1]} (the input's channels), got [{string.Join(", ", weight.shape)}].",
                nameof(weight));
        var (n, cIn, h, w) = ((int)input.shape[0], (int)input.shape[1], (int)input.shape[2], (int)input.shape[3]);
        var (cOut, kh, kw) = ((int)weight.shape[0], (int)weight.shape[2], (int)weight.shape[3]);
        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != cOut))
            throw new ArgumentException($"{caller} expects one bias per filter, [{cOut}], got [{string.Join(", ", bias.shape)}].", nameof(bias));
        var hOut = ConvArithmetic.OutputSize(h, kh, stride.Y, padding.Y, dilation.Y);
        var wOut = ConvArithmetic.OutputSize(w, kw, stride.X, padding.X, dilation.X);

        var x = ToDoubles(input);
        var k = ToDoubles(weight);
        var b = bias is null ? new double[cOut] : ToDoubles(bias);
        var y = new double[n * cOut * hOut * wOut];
        for (var s = 0; s < n; s++)
        for (var o = 0; o < cOut; o++)
        for (var i = 0; i < hOut; i++)
        for (var j = 0; j < wOut; j++)
        {
            var sum = b[o];
            for (var c = 0; c < cIn; c++)
            for (var u = 0; u < kh; u++)
            {
                var row = i * stride.Y - padding.Y + u * dilation.Y;
                if (row < 0 || row >= h)
                    continue;   // zero padding
                for (var v = 0; v < kw; v++)
                {
                    var column = j * stride.X - padding.X + v * dilation.X;
                    if (column < 0 || column >= w)
                        continue;
                    sum += k[((o * cIn + c) * kh + u) * kw + v] * x[((s * cIn + c) * h + row) * w + column];
                }
            }
            y[((s * cOut + o) * hOut + i) * wOut + j] = sum;
        }
        return tensor(y, [n, cOut, hOut, wOut]).to(ScalarType.Float32);
    }

    private static double[] ToDoubles(Tensor values)
    {
        using var doubles = values.detach().cpu().to(ScalarType.Float64).contiguous();
        return doubles.data<double>().ToArray();
    }
}
