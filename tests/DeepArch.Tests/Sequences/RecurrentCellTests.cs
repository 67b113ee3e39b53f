using DeepArch.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Sequences;

/// <summary>The cells written from the equations compute what TorchSharp's fused layers compute, with the same weights.</summary>
public sealed class RecurrentCellTests
{
    private const long Batch = 3, Steps = 7, Input = 5, Hidden = 4;

    [Fact]
    public void AnRnnCellUnrolledEqualsNnRnnWithTheSameWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var reference = nn.RNN(Input, Hidden, batchFirst: true);
        var cell = new RnnCell(Input, Hidden);
        cell.CopyFrom(reference);
        var x = randn(Batch, Steps, Input);
        var h0 = randn(1, Batch, Hidden);

        var (expected, expectedLast) = reference.call(x, h0);
        var (outputs, last) = Recurrence.Unroll(cell, x, new RecurrentState(h0[0]));

        AssertClose(expected, outputs);
        AssertClose(expectedLast[0], last.Hidden);
    }

    [Fact]
    public void AnLstmCellUnrolledEqualsNnLstmWithTheSameWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var reference = nn.LSTM(Input, Hidden, batchFirst: true);
        var cell = new LstmCell(Input, Hidden);
        cell.CopyFrom(reference);
        var x = randn(Batch, Steps, Input);
        var (h0, c0) = (randn(1, Batch, Hidden), randn(1, Batch, Hidden));

        var (expected, hn, cn) = reference.call(x, (h0, c0));
        var (outputs, last) = Recurrence.Unroll(cell, x, new RecurrentState(h0[0], c0[0]));

        AssertClose(expected, outputs);
        AssertClose(hn[0], last.Hidden);
        AssertClose(cn[0], last.Cell!);
    }

    [Fact]
    public void AGruCellUnrolledEqualsNnGruWithTheSameWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var reference = nn.GRU(Input, Hidden, batchFirst: true);
        var cell = new GruCell(Input, Hidden);
        cell.CopyFrom(reference);
        var x = randn(Batch, Steps, Input);
        var h0 = randn(1, Batch, Hidden);

        var (expected, expectedLast) = reference.call(x, h0);
        var (outputs, last) = Recurrence.Unroll(cell, x, new RecurrentState(h0[0]));

        AssertClose(expected, outputs);
        AssertClose(expectedLast[0], last.Hidden);
    }

    [Fact]
    public void ABidirectionalPairOfCellsEqualsBothHalvesOfABidirectionalNnLstm()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var reference = nn.LSTM(Input, Hidden, batchFirst: true, bidirectional: true);
        var (forward, backward) = (new LstmCell(Input, Hidden), new LstmCell(Input, Hidden));
        forward.CopyFrom(reference);
        backward.CopyFrom(reference, reverse: true);
        var x = randn(Batch, Steps, Input);

        var (expected, _, _) = reference.call(x);                  // [B, T, 2H]
        var outputs = Recurrence.Bidirectional(forward, backward, x);

        AssertClose(expected[.., .., ..(int)Hidden], outputs[.., .., ..(int)Hidden]);   // the past, read left to right
        AssertClose(expected[.., .., (int)Hidden..], outputs[.., .., (int)Hidden..]);   // the future, read right to left
    }

    [Fact]
    public void AGruHasThreeQuartersOfTheParametersOfAnLstmOfTheSameSize()
    {
        using var lstm = new LstmCell(Input, Hidden);
        using var gru = new GruCell(Input, Hidden);
        var perGate = Hidden * (Input + Hidden + 2);     // W_i·, W_h·, b_i·, b_h· of one gate

        Assert.Equal(4 * perGate, lstm.parameters().Sum(p => p.numel()));
        Assert.Equal(3 * perGate, gru.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void CopyingFromALayerOfAnotherSizeSaysWhichShapeWasExpected()
    {
        using var reference = nn.LSTM(Input + 1, Hidden);
        using var cell = new LstmCell(Input, Hidden);

        var error = Assert.Throws<ArgumentException>(() => cell.CopyFrom(reference));
        Assert.Contains("weight_ih_l0", error.Message);
        Assert.Contains($"[{4 * Hidden}, {Input}]", error.Message);
    }

    [Fact]
    public void AnInputOfTheWrongWidthIsRejectedWithTheExpectedShape()
    {
        using var scope = NewDisposeScope();
        var cell = new RnnCell(Input, Hidden);

        var error = Assert.Throws<ArgumentException>(() => Recurrence.Unroll(cell, zeros(Batch, Steps, Input + 2)));
        Assert.Contains($"[B, T, {Input}]", error.Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"largest difference {difference}");
    }
}
