using DeepArch.Data;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Transformers;

/// <summary>The translator's decoder is causal and its greedy decoding stops; ViT and attention rollout have the right shapes and sums.</summary>
public sealed class EncoderDecoderAndVitTests
{
    private static Translator SmallTranslator() => new(new TranslatorConfig(SourceVocabulary: 20, TargetVocabulary: 15, MaxLength: 12, Layers: 1, Heads: 2, Width: 16));

    [Fact]
    public void TheDecodersOutputAtPositionTIgnoresLaterTargetTokens()
    {
        using var scope = NewDisposeScope();
        var model = SmallTranslator();
        var source = tensor(new long[,] { { 5, 6, 7, 0 } });

        var before = model.forward(source, tensor(new long[,] { { 1, 4, 5, 6 } }));
        var after = model.forward(source, tensor(new long[,] { { 1, 4, 9, 3 } }));

        AttentionTests.AssertClose(before[.., ..2], after[.., ..2]);
    }

    [Fact]
    public void SourcePaddingDoesNotChangeTheTranslation()
    {
        using var scope = NewDisposeScope();
        var model = SmallTranslator();
        model.eval();
        var target = tensor(new long[,] { { 1, 4, 5 } });

        var short_ = model.forward(tensor(new long[,] { { 5, 6, 7 } }), target);
        var padded = model.forward(tensor(new long[,] { { 5, 6, 7, 0, 0 } }), target);

        AttentionTests.AssertClose(short_, padded);
    }

    [Fact]
    public void GreedyDecodingRespectsTheLengthAsked()
    {
        using var scope = NewDisposeScope();
        var model = SmallTranslator();

        var translation = model.Translate(tensor(new long[,] { { 5, 6, 7 }, { 8, 9, 0 } }), maxLength: 5);

        Assert.Equal(2, translation.shape[0]);
        Assert.InRange(translation.shape[1], 1, 5);
    }

    [Fact]
    public void PhrasePairsRoundTripThroughWordIds()
    {
        var translation = new PhraseTranslation();
        var pairs = Phrases.Generate(5, seed: 3);

        using var targets = translation.Targets(pairs);

        for (var i = 0; i < pairs.Count; i++)
            Assert.Equal(pairs[i].English, translation.English(targets[i].data<long>().ToArray()));
    }

    [Fact]
    public void AVisionTransformerGivesClassLogitsForEachImage()
    {
        using var scope = NewDisposeScope();
        var model = new VisionTransformer(new VisionTransformerConfig(ImageSize: 28, PatchSize: 7, Layers: 1, Width: 16, Heads: 2));

        var logits = model.forward(zeros(3, 1, 28, 28));

        Assert.Equal(new long[] { 3, 10 }, logits.shape);
        Assert.Equal(16, model.Config.Patches);
    }

    [Fact]
    public void ImagesOfTheWrongSizeAreRejected()
    {
        using var scope = NewDisposeScope();
        var model = new VisionTransformer(new VisionTransformerConfig(Layers: 1, Width: 16, Heads: 2));

        Assert.Throws<ArgumentException>(() => model.forward(zeros(3, 1, 32, 32)));
    }

    [Fact]
    public void RolloutOfUniformAttentionMixesHalfIdentityHalfUniform()
    {
        using var scope = NewDisposeScope();
        var uniform = full(1, 2, 4, 4, 0.25);

        var rollout = AttentionRollout.Compute([uniform]);

        // ½(U + I): 0.625 on the diagonal, 0.125 elsewhere (rows already sum to 1).
        AttentionTests.AssertClose(eye(4).unsqueeze(0) * 0.5 + full(1, 4, 4, 0.125), rollout);
    }

    [Fact]
    public void RolloutRowsSumToOne()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(31);
        var layers = Enumerable.Range(0, 3).Select(_ => rand([2, 3, 5, 5], generator: g).softmax(-1)).ToList();

        var rollout = AttentionRollout.Compute(layers);

        AttentionTests.AssertClose(ones(2, 5), rollout.sum(-1));
    }

    [Fact]
    public void MaskedTokenLearnerHidesAboutTheRateAskedAndScoresOnlyThosePositions()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(VocabularySize: 10, ContextLength: 64, Layers: 1, Heads: 1, Width: 8, Causal: false));
        var learner = new MaskedTokenLearner(model, maskRate: 0.25, seed: 2);
        var ids = full(8, 64, 3L);

        var (inputs, targets) = learner.Corrupt(ids);

        var masked = inputs.eq(9);
        Assert.InRange(masked.to_type(ScalarType.Float32).mean().item<float>(), 0.18, 0.32);
        Assert.True(targets.ne(-100).eq(masked).all().item<bool>(), "targets exactly at the masked positions");
    }
}

/// <summary>Corpus BLEU against values worked out by hand.</summary>
public sealed class BleuTests
{
    [Fact]
    public void APerfectCorpusScoresOne() =>
        Assert.Equal(1.0, Bleu.Corpus([("the red ball is here", "the red ball is here")]), 9);

    [Fact]
    public void BigramBleuOfAHandWorkedExample()
    {
        // Reference "the cat eats the red apple" (6 words), candidate "the cat eats a red apple" (6 words):
        // unigrams 5/6 match, bigrams 3/5 ("the cat", "cat eats", "red apple"); no brevity penalty.
        var bleu = Bleu.Corpus([("the cat eats the red apple", "the cat eats a red apple")], maxOrder: 2);

        Assert.Equal(Math.Sqrt(5.0 / 6 * 3.0 / 5), bleu, 9);
    }

    [Fact]
    public void AShortCandidateIsPenalised()
    {
        // Unigrams 3/3, bigrams 2/2, so precision 1; brevity penalty exp(1 − 6/3) = e^−1.
        var bleu = Bleu.Corpus([("the cat eats the red apple", "the cat eats")], maxOrder: 2);

        Assert.Equal(Math.Exp(-1), bleu, 9);
    }
}
