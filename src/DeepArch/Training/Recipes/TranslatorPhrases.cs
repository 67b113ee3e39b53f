using DeepArch.Data;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>translator-phrases</c>: the encoder-decoder <see cref="Translator"/> (2 + 2 pre-norm blocks, 4 heads, 64 wide)
/// trained by teacher forcing on the catalogue's generated French/English phrase pairs (<see cref="Phrases"/>), word
/// tokens. The test set is 500 further pairs whose French sentence never occurs in training; besides the per-token
/// loss, the recipe reports the share of those sentences translated exactly by greedy decoding and the corpus BLEU of
/// the translations. The pairs come from a small grammar: the figures say the model learned that grammar's
/// vocabulary, agreement and word order (colours follow the noun in French and precede it in English), not French.
/// <c>--synthetic N</c> sets the number of training pairs (6,000 by default; the data are always generated).
/// <c>deeparch sample translator-phrases --prompt "le chat mange une pomme rouge"</c> translates a sentence.
/// </summary>
internal sealed class TranslatorPhrases : Recipe, ITextGenerator
{
    internal const int DefaultPairs = 6000;
    internal const int TestPairs = 500;
    internal const string ExactMatch = "exact_match";
    internal const string BleuScore = "bleu";

    private static readonly Lazy<PhraseTranslation> Vocabularies = new(() => new PhraseTranslation());

    // Target tokens a pair predicts on average (its words and the end token), from a large sample of the grammar.
    private static readonly Lazy<double> TargetTokensPerPair = new(() =>
        Phrases.Generate(20_000, seed: 1).Average(p => PhraseTranslation.Words(p.English).Count + 1.0));

    public override string Name => "translator-phrases";

    public override string Dataset => "phrases";

    public override string Description =>
        "Encoder-decoder transformer translating generated French phrases into English (exact-match rate and BLEU on unseen sentences).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 12, BatchSize: 64, LearningRate: 3e-3, WeightDecay: 0.01);

    public override string TestMetric => MetricNames.Loss;

    internal override bool DecayMatricesOnly => true;

    public override nn.Module<Tensor, Tensor> CreateModel() => new PhraseTranslator(Vocabularies.Value);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) =>
        new TranslatorLearner(Translator(model));

    internal override long? TokensPerStep(int batchSize) => (long)Math.Round(batchSize * TargetTokensPerPair.Value);

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var (train, test) = Split(options);
        var words = Vocabularies.Value;
        var (trainSources, trainTargets) = (words.Sources(train), words.Targets(train));
        var (testSources, testTargets) = (words.Sources(test), words.Targets(test));
        var module = new TensorDataModule(trainSources, trainTargets, testSources, testTargets, batchSize, seed: options.Seed);
        return new RecipeData(module, train.Count, test.Count, Synthetic: false, [trainSources, trainTargets, testSources, testTargets]);
    }

    /// <summary>Greedy translations of the test sentences: their exact-match rate and corpus BLEU.</summary>
    internal override IReadOnlyDictionary<string, double> Measure(
        nn.Module<Tensor, Tensor> model, RecipeData data, RecipeOptions options, IReadOnlyDictionary<string, double> test)
    {
        var (_, pairs) = Split(options);
        var translator = Translator(model);
        translator.eval();
        var translations = pairs.Chunk(100).SelectMany(chunk => translator.Translate(chunk.Select(p => p.French).ToList())).ToList();
        var scored = pairs.Zip(translations, (pair, translation) => (pair.English, translation)).ToList();
        return new Dictionary<string, double>
        {
            [ExactMatch] = scored.Count(p => p.English == p.translation) / (double)scored.Count,
            [BleuScore] = Bleu.Corpus(scored),
        };
    }

    /// <summary>
    /// The greedy translation of <see cref="SampleRequest.Prompt"/> (a French sentence of the grammar's vocabulary; words
    /// are split at spaces and after apostrophes).
    /// </summary>
    /// <exception cref="ArgumentException">An option other than the prompt, no prompt, or a word outside the vocabulary.</exception>
    public string Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.AcceptOnly($"{Name} translates a French sentence greedily (--prompt only)", "--prompt");
        if (string.IsNullOrWhiteSpace(request.Prompt))
            throw new ArgumentException($"{Name} needs a French sentence to translate: give --prompt \"le chat mange une pomme rouge\".");
        var translator = Translator(model);
        var unknown = PhraseTranslation.Words(request.Prompt).Where(w => !translator.Words.FrenchWords.Contains(w)).Distinct().ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{Name} knows only the phrase grammar's {translator.Words.FrenchWords.Count - 3} French words; " +
                $"unknown: {string.Join(", ", unknown)}.");
        return translator.Translate([request.Prompt])[0];
    }

    /// <summary>The training pairs and the test pairs whose French sentence is not among the training ones.</summary>
    internal static (IReadOnlyList<PhrasePair> Train, IReadOnlyList<PhrasePair> Test) Split(RecipeOptions options)
    {
        var count = options.SyntheticSamples ?? DefaultPairs;
        // Sentences repeat in a small grammar: draw extra pairs so that TestPairs unseen ones remain.
        var pairs = Phrases.Generate(count + 4 * TestPairs, options.Seed);
        var train = pairs.Take(count).ToList();
        var seen = train.Select(p => p.French).ToHashSet(StringComparer.Ordinal);
        var test = pairs.Skip(count).Where(p => seen.Add(p.French)).Take(TestPairs).ToList();
        if (test.Count == 0)
            throw new ArgumentException("Every generated test sentence also occurs in training: train on fewer pairs.");
        return (train, test);
    }

    private PhraseTranslator Translator(nn.Module<Tensor, Tensor> model) =>
        model as PhraseTranslator ?? throw new ArgumentException($"{Name} trains a {nameof(PhraseTranslator)}, not a {model.GetType().Name}.", nameof(model));
}
