using DeepArch.Data;
using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// A long-range dependency task in the spirit of Hochreiter &amp; Schmidhuber's (1997) experiments: the first symbol of
/// a sequence is one of <see cref="Classes"/> signal symbols, the next <c>lag</c> symbols are noise drawn from another
/// alphabet, and the model must name the first symbol after reading the last one. Chance is <c>1 / Classes</c>; the
/// lag is the distance over which the information must be carried. <c>Inputs</c> <c>int64 [N, lag + 1]</c> (ids in
/// <c>[0, Vocabulary)</c>), <c>Targets</c> <c>int64 [N]</c> (the class, in <c>[0, Classes)</c>).
/// </summary>
public static class LagTask
{
    /// <summary>Signal symbols, hence classes (ids 0 to 3).</summary>
    public const int Classes = 4;

    /// <summary>Noise symbols (ids 4 to 11).</summary>
    public const int NoiseSymbols = 8;

    /// <summary>All ids: signal then noise.</summary>
    public const int Vocabulary = Classes + NoiseSymbols;

    /// <summary>Generates <paramref name="count"/> sequences whose first symbol must be recalled after <paramref name="lag"/> noise symbols.</summary>
    public static Samples Generate(int count, int lag, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        var random = new Random(seed);
        var length = lag + 1;
        var inputs = new long[(long)count * length];
        var targets = new long[count];
        for (var n = 0; n < count; n++)
        {
            targets[n] = random.Next(Classes);
            inputs[(long)n * length] = targets[n];
            for (var t = 1; t < length; t++)
                inputs[(long)n * length + t] = Classes + random.Next(NoiseSymbols);
        }
        return new Samples(tensor(inputs, new long[] { count, length }), tensor(targets, new long[] { count }));
    }
}
