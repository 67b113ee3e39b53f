using DeepArch.Data;
using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Tagging tasks over random symbols that say which context a position needs: <see cref="Past"/> tags position t with
/// the symbol d steps back, <see cref="Future"/> with the symbol d steps ahead (positions without one are tagged with
/// the extra class <c>symbols</c>). <c>Inputs</c> and <c>Targets</c> are <c>int64 [N, T]</c>.
/// </summary>
public static class TaggingTasks
{
    /// <summary>Tag x_t with x_(t−d): a one-way model can do it.</summary>
    public static Samples Past(int count, int length, int distance, int symbols = 8, int seed = Seeding.DefaultSeed) =>
        Generate(count, length, -distance, symbols, seed);

    /// <summary>Tag x_t with x_(t+d): only a model that reads the future can.</summary>
    public static Samples Future(int count, int length, int distance, int symbols = 8, int seed = Seeding.DefaultSeed) =>
        Generate(count, length, distance, symbols, seed);

    private static Samples Generate(int count, int length, int offset, int symbols, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 2);
        var random = new Random(seed);
        var inputs = new long[(long)count * length];
        var targets = new long[(long)count * length];
        for (var n = 0; n < count; n++)
        {
            var row = (long)n * length;
            for (var t = 0; t < length; t++)
                inputs[row + t] = random.Next(symbols);
            for (var t = 0; t < length; t++)
                targets[row + t] = t + offset is var source && source >= 0 && source < length ? inputs[row + source] : symbols;
        }
        return new Samples(tensor(inputs, new long[] { count, length }), tensor(targets, new long[] { count, length }));
    }
}
