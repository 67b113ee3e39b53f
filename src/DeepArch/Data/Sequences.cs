using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>Synthetic time series for sequence models.</summary>
public static class Sequences
{
    /// <summary>
    /// Noisy sine waves for forecasting. Series <c>n</c> is <c>x[t] = A sin(ω t + φ) + σ ε[t]</c> with amplitude
    /// <c>A ∈ [0.5, 1.5]</c>, angular frequency <c>ω ∈ [0.1, 0.6]</c> radians per step, phase <c>φ ∈ [0, 2π)</c>, all
    /// uniform, and <c>ε</c> standard normal. <c>Inputs</c> are the first <paramref name="length"/> steps
    /// <c>float32 [N, T, 1]</c>; <c>Targets</c> the next <paramref name="horizon"/> steps <c>float32 [N, H, 1]</c>.
    /// </summary>
    /// <param name="count">Number of series N.</param>
    /// <param name="length">Observed steps T.</param>
    /// <param name="horizon">Steps to forecast H.</param>
    /// <param name="noise">Standard deviation σ of the observation noise.</param>
    /// <param name="seed">Seed of the parameters and the noise.</param>
    public static Samples NoisySine(int count, int length = 50, int horizon = 1, double noise = 0.1, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var random = new Random(seed);
        var inputs = new float[count * length];
        var targets = new float[count * horizon];
        for (var n = 0; n < count; n++)
        {
            var amplitude = random.Uniform(0.5, 1.5);
            var omega = random.Uniform(0.1, 0.6);
            var phase = random.Uniform(0, 2 * Math.PI);
            for (var t = 0; t < length + horizon; t++)
            {
                var value = (float)(amplitude * Math.Sin(omega * t + phase) + noise * random.Gaussian());
                if (t < length)
                    inputs[n * length + t] = value;
                else
                    targets[n * horizon + t - length] = value;
            }
        }
        return new Samples(tensor(inputs, new long[] { count, length, 1 }), tensor(targets, new long[] { count, horizon, 1 }));
    }
}
