namespace DeepArch.Convolutions;

/// <summary>Sizes and parameter counts of convolutional layers.</summary>
public static class ConvArithmetic
{
    /// <summary>
    /// Output length along one dimension: O = ⌊(I + 2P − D·(K − 1) − 1) / S⌋ + 1, which for D = 1 is the lecture's
    /// O = ⌊(I − K + 2P) / S⌋ + 1 (Dumoulin &amp; Visin 2016, relationship 6; PyTorch's <c>Conv2d</c> docs).
    /// </summary>
    /// <param name="input">Input length I.</param>
    /// <param name="kernel">Kernel length K.</param>
    /// <param name="stride">Stride S.</param>
    /// <param name="padding">Zeros P on each side.</param>
    /// <param name="dilation">Dilation D (1: contiguous taps).</param>
    /// <exception cref="ArgumentException">A setting is out of range or the (dilated) kernel does not fit in the padded input.</exception>
    public static int OutputSize(int input, int kernel, int stride = 1, int padding = 0, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        var span = dilation * (kernel - 1) + 1;
        if (input + 2 * padding < span)
            throw new ArgumentException(
                $"A kernel spanning {span} values (K = {kernel}, D = {dilation}) does not fit in an input of {input} padded by {padding} on each side.");
        return (input + 2 * padding - span) / stride + 1;
    }

    /// <summary>
    /// Output length of a transposed convolution along one dimension: O = (I − 1)·S − 2P + D·(K − 1) + P_out + 1, the
    /// inverse of <see cref="OutputSize"/>'s map (Dumoulin &amp; Visin 2016, relationship 14; PyTorch's
    /// <c>ConvTranspose2d</c> docs). U-Net's 2×2 up-convolution of stride 2 doubles the size: O = 2I.
    /// </summary>
    /// <param name="input">Input length I.</param>
    /// <param name="kernel">Kernel length K.</param>
    /// <param name="stride">Stride S: the input values are spread S apart.</param>
    /// <param name="padding">Values P cropped from each side of the full output.</param>
    /// <param name="outputPadding">Values P_out added on one side, to pick among the inputs sizes a strided convolution maps to one size.</param>
    /// <param name="dilation">Dilation D.</param>
    /// <exception cref="ArgumentException">A setting is out of range, or the output would be empty.</exception>
    public static int TransposedOutputSize(int input, int kernel, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, "The output padding must be smaller than the stride or the dilation.");
        var size = (input - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
        if (size < 1)
            throw new ArgumentException($"A transposed convolution of {input} values with K = {kernel}, S = {stride} and P = {padding} leaves no output.");
        return size;
    }

    /// <summary>
    /// The padding P that keeps the size at stride 1 (« same »): D·(K − 1) / 2. « Valid » is P = 0.
    /// </summary>
    /// <param name="kernel">Kernel length K, odd so the padding is the same on both sides.</param>
    /// <param name="dilation">Dilation D.</param>
    /// <exception cref="ArgumentException">The kernel length is even.</exception>
    public static int SamePadding(int kernel, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        if (kernel % 2 == 0)
            throw new ArgumentException($"« Same » padding is symmetric only for an odd kernel, got K = {kernel}.", nameof(kernel));
        return dilation * (kernel - 1) / 2;
    }

    /// <summary>
    /// Learned values of a 2-D convolutional layer: (K_h·K_w·C_in + 1)·C_out, one weight per tap and input channel plus
    /// one bias, per filter.
    /// </summary>
    /// <param name="kernel">Kernel size K (K×K).</param>
    /// <param name="inChannels">Input channels C_in.</param>
    /// <param name="outChannels">Filters C_out.</param>
    /// <param name="bias">Whether each filter has a bias.</param>
    public static long ParameterCount(int kernel, int inChannels, int outChannels, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        return ((long)kernel * kernel * inChannels + (bias ? 1 : 0)) * outChannels;
    }
}
