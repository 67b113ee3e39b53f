using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// Drawing the next token from logits z at a temperature τ: <c>p_i = exp(z_i / τ) / Σ_j exp(z_j / τ)</c>. τ = 1 samples
/// the model's own distribution; τ &lt; 1 sharpens it (safer, more repetitive text); τ &gt; 1 flattens it (more
/// surprising, more mistakes); as τ → 0 it becomes the arg max (greedy decoding).
/// </summary>
public static class TemperatureSampling
{
    /// <summary>Temperatures at or below this are treated as greedy decoding (the arg max).</summary>
    public const double GreedyBelow = 1e-4;

    /// <summary>The distribution <c>softmax(z / τ)</c> of logits <c>[V]</c> (or <c>[..., V]</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive.</exception>
    public static Tensor Probabilities(Tensor logits, double temperature)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"The temperature must be positive and finite; got {temperature}.");
        return (logits.to_type(ScalarType.Float32) / temperature).softmax(-1);
    }

    /// <summary>Draws one id from logits <c>[V]</c> at <paramref name="temperature"/>; greedy at or below <see cref="GreedyBelow"/>.</summary>
    /// <exception cref="ArgumentException">The logits are not 1-D.</exception>
    public static long Draw(Tensor logits, double temperature, Generator? generator = null)
    {
        if (logits.dim() != 1)
            throw new ArgumentException($"Draw expects the logits of one position [V]; got [{string.Join(", ", logits.shape)}].", nameof(logits));
        if (temperature < 0 || double.IsNaN(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"The temperature must not be negative; got {temperature}.");
        if (temperature <= GreedyBelow)
            return logits.argmax().item<long>();
        using var probabilities = Probabilities(logits, temperature);
        using var draw = probabilities.multinomial(1, generator: generator);
        return draw.item<long>();
    }
}
