namespace DeepArch.Tests.Models;

/// <summary>
/// U-Net's parameters and MACs counted by hand from the paper's description (Ronneberger et al. 2015, Fig. 1), level
/// by level, c_l = w·2^l channels at level l: a double 3×3 convolution per encoder level and at the bottom, a 2×2
/// up-convolution (c_{l+1} → c_l) and a double convolution (2c_l or c_l → c_l) per decoder level, a 1×1 head.
/// </summary>
internal static class UNetArithmetic
{
    public static long Parameters(long inChannels, long classes, int depth, long width, bool skips, bool batchNorm)
    {
        long C(int level) => width << level;
        // Two 3×3 convolutions, each with a bias, or with BN's γ and β instead.
        long DoubleConv(long input, long output) => 9 * input * output + 9 * output * output + (batchNorm ? 4 : 2) * output;
        var total = 0L;
        for (var l = 0; l < depth; l++)
            total += DoubleConv(l == 0 ? inChannels : C(l - 1), C(l));
        total += DoubleConv(C(depth - 1), C(depth));
        for (var l = 0; l < depth; l++)
            total += 4 * C(l + 1) * C(l) + C(l) + DoubleConv(skips ? 2 * C(l) : C(l), C(l));
        return total + C(0) * classes + classes;
    }

    public static long Macs(long inChannels, long classes, int depth, long width, bool skips, long side)
    {
        long C(int level) => width << level;
        long Pixels(int level) => (side >> level) * (side >> level);
        long DoubleConv(long input, long output, int level) => (9 * input * output + 9 * output * output) * Pixels(level);
        var total = 0L;
        for (var l = 0; l < depth; l++)
            total += DoubleConv(l == 0 ? inChannels : C(l - 1), C(l), l);
        total += DoubleConv(C(depth - 1), C(depth), depth);
        for (var l = 0; l < depth; l++)
            // The up-convolution spreads each of its input pixels (level l + 1) over a 2×2 patch of every output channel.
            total += 4 * C(l + 1) * C(l) * Pixels(l + 1) + DoubleConv(skips ? 2 * C(l) : C(l), C(l), l);
        return total + C(0) * classes * Pixels(0);
    }
}
