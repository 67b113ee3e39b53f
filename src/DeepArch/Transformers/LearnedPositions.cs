using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// Learned absolute positions (as in GPT, BERT and ViT): a trainable vector per position, added to each token's
/// embedding. Unlike <see cref="SinusoidalPositions"/> they know nothing beyond <see cref="MaxLength"/>.
/// </summary>
public sealed class LearnedPositions : nn.Module<Tensor, Tensor>
{
    private readonly Embedding table;

    /// <summary>Positions 0..<paramref name="maxLength"/> − 1 of <paramref name="width"/>-wide tokens, initialised N(0, 0.02²).</summary>
    public LearnedPositions(int maxLength, int width) : base(nameof(LearnedPositions))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        MaxLength = maxLength;
        table = nn.Embedding(maxLength, width);
        using (no_grad())
            table.weight!.normal_(0, 0.02);
        RegisterComponents();
    }

    /// <summary>Number of positions known.</summary>
    public int MaxLength { get; }

    /// <summary>The position vectors <c>[L, d]</c>.</summary>
    public Tensor Table => table.weight!;

    /// <summary>Adds the positions to tokens <c>[B, T, d]</c> with T ≤ <see cref="MaxLength"/>.</summary>
    /// <exception cref="ArgumentException">More positions than known.</exception>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 3 || x.shape[1] > MaxLength || x.shape[2] != table.weight!.shape[1])
            throw new ArgumentException(
                $"Expected tokens [B, T ≤ {MaxLength}, {table.weight!.shape[1]}]; got {ScaledDotProductAttention.Shape(x)}.", nameof(x));
        return x + table.weight!.narrow(0, 0, x.shape[1]);                                 // [B, T, d]
    }
}
