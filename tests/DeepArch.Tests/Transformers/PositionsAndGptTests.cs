using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Transformers;

/// <summary>Positional encodings follow their formula; the GPT is causal and generates past its context length.</summary>
public sealed class PositionsAndGptTests
{
    [Fact]
    public void SinusoidalEncodingsMatchTheirFormula()
    {
        using var table = SinusoidalPositions.Table(50, 16);

        foreach (var (pos, i) in new[] { (0, 0), (7, 0), (7, 3), (49, 7), (13, 5) })
        {
            var angle = pos / Math.Pow(10000, 2.0 * i / 16);
            Assert.Equal(Math.Sin(angle), table[pos, 2 * i].item<float>(), 5);
            Assert.Equal(Math.Cos(angle), table[pos, 2 * i + 1].item<float>(), 5);
        }
    }

    [Fact]
    public void WithoutPositionsSelfAttentionIsPermutationEquivariant()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(21);
        var block = new TransformerBlock(8, 2);
        var x = randn([1, 5, 8], generator: g);
        var permutation = tensor(new long[] { 3, 0, 4, 1, 2 });

        var shuffledThenBlock = block.forward(x.index_select(1, permutation));
        var blockThenShuffled = block.forward(x).index_select(1, permutation);

        AttentionTests.AssertClose(blockThenShuffled, shuffledThenBlock);
    }

    [Fact]
    public void AGptsOutputAtPositionTIgnoresTheTokensAfterIt()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(VocabularySize: 11, ContextLength: 8, Layers: 2, Heads: 2, Width: 16));
        model.eval();
        var ids = tensor(new long[,] { { 1, 2, 3, 4, 5, 6, 7, 8 } });
        var changed = tensor(new long[,] { { 1, 2, 3, 4, 9, 10, 0, 3 } });

        var before = model.forward(ids);
        var after = model.forward(changed);

        AttentionTests.AssertClose(before[.., ..4], after[.., ..4]);
        Assert.True((before[.., 4..] - after[.., 4..]).abs().max().item<float>() > 1e-4, "later positions do see the change");
    }

    [Fact]
    public void ABidirectionalModelsOutputDependsOnLaterTokens()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(VocabularySize: 11, ContextLength: 8, Layers: 1, Heads: 2, Width: 16, Causal: false));
        var ids = tensor(new long[,] { { 1, 2, 3, 4 } });
        var changed = tensor(new long[,] { { 1, 2, 3, 9 } });

        Assert.True((model.forward(ids)[0, 0] - model.forward(changed)[0, 0]).abs().max().item<float>() > 1e-6);
    }

    [Fact]
    public void GenerationRunsPastTheContextLengthByCroppingTheContext()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(VocabularySize: 7, ContextLength: 4, Layers: 1, Heads: 1, Width: 8));

        var generated = model.Generate(tensor(new long[] { 1, 2, 3 }), length: 10, temperature: 1.0, seed: 5);

        Assert.Equal(new long[] { 10 }, generated.shape);
        Assert.All(generated.data<long>().ToArray(), id => Assert.InRange(id, 0, 6));
    }

    [Fact]
    public void AWindowLongerThanTheContextIsRejected()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(VocabularySize: 7, ContextLength: 4, Layers: 1, Heads: 1, Width: 8));

        var error = Assert.Throws<ArgumentException>(() => model.forward(zeros([1, 5], dtype: ScalarType.Int64)));

        Assert.Contains("T ≤ 4", error.Message);
    }

    [Fact]
    public void TokenWindowsTargetsAreTheInputsShiftedByOne()
    {
        using var scope = NewDisposeScope();
        var text = arange(100, dtype: ScalarType.Int64);
        using var windows = new TokenWindows(text, arange(100, 121, dtype: ScalarType.Int64), batchSize: 3, contextLength: 5, stepsPerEpoch: 2, seed: 1);

        var batch = windows.TrainBatches().First();
        var validation = windows.ValidationBatches().ToList();

        Assert.True((batch.Inputs + 1).eq(batch.Targets).all().item<bool>());
        Assert.Equal(new long[] { 3, 5 }, batch.Inputs.shape);
        Assert.Equal(Enumerable.Range(101, 20).Select(i => (long)i), validation.SelectMany(b => b.Targets.reshape(-1).data<long>().ToArray()));
    }
}
