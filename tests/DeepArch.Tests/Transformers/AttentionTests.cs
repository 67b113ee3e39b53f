using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Transformers;

/// <summary>Attention written from the equations computes what TorchSharp's fused kernel and nn.MultiheadAttention compute.</summary>
public sealed class AttentionTests
{
    [Fact]
    public void WrittenOutAttentionEqualsScaledDotProductAttention()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(11);
        var (q, k, v) = (randn([2, 3, 5, 8], generator: g), randn([2, 3, 7, 8], generator: g), randn([2, 3, 7, 6], generator: g));

        var (output, _) = ScaledDotProductAttention.Compute(q, k, v);

        AssertClose(nn.functional.scaled_dot_product_attention(q, k, v), output);
    }

    [Fact]
    public void WrittenOutAttentionWithABooleanMaskEqualsTheFusedKernel()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(12);
        var (q, k, v) = (randn([2, 4, 6], generator: g), randn([2, 5, 6], generator: g), randn([2, 5, 3], generator: g));
        var mask = rand([2, 4, 5], generator: g).gt(0.4).logical_or(eye(4, 5, dtype: ScalarType.Bool));   // every query sees a key

        var (output, _) = ScaledDotProductAttention.Compute(q, k, v, mask);

        AssertClose(nn.functional.scaled_dot_product_attention(q, k, v, mask), output);
    }

    [Fact]
    public void TheCausalMaskGivesWhatTheKernelsCausalFlagGives()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(13);
        var (q, k, v) = (randn([3, 2, 6, 4], generator: g), randn([3, 2, 6, 4], generator: g), randn([3, 2, 6, 4], generator: g));

        var (output, _) = ScaledDotProductAttention.Compute(q, k, v, AttentionMasks.Causal(6));

        AssertClose(nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true), output);
    }

    [Fact]
    public void TheCausalMaskIsTheLowerTriangle()
    {
        using var mask = AttentionMasks.Causal(3);

        Assert.Equal(new[] { true, false, false, true, true, false, true, true, true }, mask.data<bool>().ToArray());
    }

    [Fact]
    public void PaddingKeysGetNoAttention()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(14);
        var ids = tensor(new long[,] { { 5, 6, 7, 0, 0 }, { 5, 6, 7, 8, 9 } });
        var (q, k, v) = (randn([2, 1, 5, 4], generator: g), randn([2, 1, 5, 4], generator: g), randn([2, 1, 5, 4], generator: g));

        var (_, weights) = ScaledDotProductAttention.Compute(q, k, v, AttentionMasks.Padding(ids, paddingId: 0));   // [2, 1, 5, 5]

        Assert.Equal(0.0, weights[0, .., .., 3..].abs().sum().item<float>());
        Assert.All(weights.sum(-1).data<float>().ToArray(), total => Assert.Equal(1.0, total, 5));
        Assert.True(weights[1, .., .., 3..].min().item<float>() > 0, "unpadded keys keep their weight");
    }

    [Fact]
    public void MultiHeadAttentionEqualsNnMultiheadAttentionWithTheSameWeights()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(15);
        var reference = nn.MultiheadAttention(12, 3);
        var attention = new MultiHeadAttention(12, 3) { Fused = false };
        attention.CopyFrom(reference);
        var (query, memory) = (randn([2, 4, 12], generator: g), randn([2, 6, 12], generator: g));

        var output = attention.forward(query, memory);                                                       // [B, T_q, D]
        var (expected, _) = reference.call(query.transpose(0, 1), memory.transpose(0, 1), memory.transpose(0, 1), null, false, null);   // (L, N, E)

        AssertClose(expected.transpose(0, 1), output);
    }

    [Fact]
    public void MultiHeadSelfAttentionEqualsNnMultiheadAttentionWithACausalMask()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(16);
        var reference = nn.MultiheadAttention(8, 2);
        var attention = new MultiHeadAttention(8, 2);
        attention.CopyFrom(reference);
        var x = randn([3, 5, 8], generator: g);
        // An additive float mask (0 allowed, −∞ forbidden) means the same in every implementation.
        var forbidden = zeros(5, 5).masked_fill(AttentionMasks.Causal(5).logical_not(), double.NegativeInfinity);

        var output = attention.SelfAttend(x, causal: true);
        var (expected, _) = reference.call(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), null, false, forbidden);

        AssertClose(expected.transpose(0, 1), output);
    }

    [Fact]
    public void TheFusedAndWrittenOutPathsAgreeAndOnlyTheWrittenOutOneRecordsWeights()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(17);
        var attention = new MultiHeadAttention(8, 4);
        var x = randn([2, 6, 8], generator: g);

        var fused = attention.SelfAttend(x, causal: true);
        attention.RecordWeights = true;
        var written = attention.SelfAttend(x, causal: true);

        AssertClose(fused, written);
        Assert.Equal(new long[] { 2, 4, 6, 6 }, attention.LastWeights!.shape);
    }

    [Fact]
    public void MismatchedWidthsAreRejectedWithAClearMessage()
    {
        using var scope = NewDisposeScope();
        var attention = new MultiHeadAttention(8, 2);

        var error = Assert.Throws<ArgumentException>(() => attention.SelfAttend(zeros(2, 3, 6)));

        Assert.Contains("[B, T_q, 8]", error.Message);
    }

    [Fact]
    public void SplittingAndMergingHeadsAreInverse()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(18);
        var attention = new MultiHeadAttention(12, 3);
        var x = randn([2, 5, 12], generator: g);

        var heads = attention.SplitHeads(x, 2, 5);

        Assert.Equal(new long[] { 2, 3, 5, 4 }, heads.shape);
        Assert.True(heads[.., 1].eq(x[.., .., 4..8]).all().item<bool>(), "head 1 holds columns 4..7");
        Assert.True(attention.MergeHeads(heads, 2, 5).eq(x).all().item<bool>());
    }

    internal static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.shape, actual.shape);
        var gap = (expected - actual).abs().max().item<float>();
        Assert.True(gap < tolerance, $"largest difference {gap}");
    }
}
