namespace DeepArch.Data;

/// <summary>
/// Draws used by the synthetic generators. They run on a <see cref="Random"/> created from the caller's seed (never
/// on libtorch's global generator), so a seed gives the same data whatever else the program has drawn.
/// </summary>
internal static class RandomExtensions
{
    /// <summary>A uniform draw from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double Uniform(this Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>A draw from N(0, 1) by the Box–Muller transform.</summary>
    public static double Gaussian(this Random random)
    {
        var u = 1.0 - random.NextDouble();   // (0, 1]: the logarithm stays finite
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public static void Shuffle<T>(this Random random, IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
