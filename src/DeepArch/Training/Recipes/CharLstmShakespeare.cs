using System.Globalization;
using System.Text;
using DeepArch.Data;
using DeepArch.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>charlstm-shakespeare</c>: a character-level LSTM language model (<see cref="CharLanguageModel"/>) on Tiny
/// Shakespeare, trained by truncated back-propagation through time (<see cref="CharStreams"/>,
/// <see cref="CharLanguageModelLearner"/>) on the first 90 % of the text and validated on the last 10 %, in that order
/// (as char-rnn and nanoGPT split it), in nats per character. An "epoch" here is a fixed number of windows, followed by
/// a validation pass: the checkpoints and the loss curve come at that rhythm. <c>--synthetic N</c> trains on N
/// generated French and English sentences instead (<see cref="Phrases"/>, accents removed to fit the vocabulary).
/// </summary>
internal sealed class CharLstmShakespeare : Recipe, ITextGenerator
{
    /// <summary>The 65 characters of Tiny Shakespeare, sorted: the model's fixed vocabulary.</summary>
    internal const string Vocabulary = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    internal const int WindowLength = 128;
    internal const int StepsPerEpoch = 200;

    internal static readonly CharCorpus Characters = new(Vocabulary);

    public override string Name => "charlstm-shakespeare";

    public override string Dataset => TextCorpus.TinyShakespeare.Name;

    public override string Description => "Character-level LSTM language model on Tiny Shakespeare (validation loss in nats per character).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 10, BatchSize: 32, LearningRate: 3e-3, WeightDecay: 1e-2);

    public override string TestMetric => MetricNames.Loss;

    internal static CharLanguageModelConfig ModelConfig => new(Vocabulary.Length, EmbeddingSize: 64, HiddenSize: 512, Layers: 1);

    public override nn.Module<Tensor, Tensor> CreateModel() => new CharLanguageModel(ModelConfig);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) =>
        new CharLanguageModelLearner(model as CharLanguageModel
            ?? throw new ArgumentException($"{Name} trains a {nameof(CharLanguageModel)}, not a {model.GetType().Name}.", nameof(model)));

    internal override long? TokensPerStep(int batchSize) => (long)batchSize * WindowLength;

    /// <summary>
    /// The training text: Tiny Shakespeare from the data root (a one-line error when it is absent and not to be
    /// downloaded), or generated French and English sentences with <c>--synthetic N</c>. Chapter 05's GPT reads the same.
    /// </summary>
    internal static string LoadText(RecipeOptions options)
    {
        var name = TextCorpus.TinyShakespeare.Name;
        if (options.SyntheticSamples is { } count)
            return Phrases.FrenchText(count, options.Seed) + Phrases.EnglishText(count, options.Seed + 1);
        if (!options.Download && !TextCorpus.TinyShakespeare.IsPresent(options.DataRoot))
            throw new FileNotFoundException(
                $"{name} is not in {TextCorpus.TinyShakespeare.FolderIn(options.DataRoot)}: get it with `deeparch datasets fetch {name}` " +
                "(or train with --download), or train on generated sentences with --synthetic N.");
        return TextCorpus.Load(name, options.DataRoot, options.Download);
    }

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var text = LoadText(options);
        var (train, validation) = Split(Encode(text));
        // Generated text is small: an epoch is then one pass over it (a smoke run takes seconds).
        var passWindows = (int)Math.Max(1, (train.shape[0] / batchSize - 1) / WindowLength);
        var steps = options.SyntheticSamples is null ? StepsPerEpoch : Math.Min(StepsPerEpoch, passWindows);
        var streams = new CharStreams(train, validation, batchSize, WindowLength, steps,
            validationStreams: (int)Math.Clamp(validation.shape[0] / 1024, 1, 32));
        return new RecipeData(streams, train.shape[0], validation.shape[0], Synthetic: options.SyntheticSamples is not null, [streams, train, validation]);
    }

    /// <summary>The first 90 % of the ids for training and the last 10 % for validation, in the text's order.</summary>
    internal static (Tensor Train, Tensor Validation) Split(Tensor ids)
    {
        var trainLength = (long)(ids.shape[0] * 0.9);
        return (ids.narrow(0, 0, trainLength), ids.narrow(0, trainLength, ids.shape[0] - trainLength));
    }

    /// <summary>
    /// The ids of <paramref name="text"/> in the recipe's vocabulary: accents are removed (é → e) and characters that
    /// remain outside the vocabulary are dropped.
    /// </summary>
    internal static Tensor Encode(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (Vocabulary.Contains(c))
                plain.Append(c);
        }
        return Characters.Encode(plain.ToString());
    }

    /// <summary>
    /// Continues the prompt (default: a newline) with <see cref="SampleRequest.Length"/> characters (default 500) at
    /// <see cref="SampleRequest.Temperature"/> (default 0.8); characters of the prompt outside the vocabulary are dropped.
    /// </summary>
    public string Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (model is not CharLanguageModel language)
            throw new ArgumentException($"{Name} samples from a {nameof(CharLanguageModel)}, not a {model.GetType().Name}.", nameof(model));
        var (prompt, ids, length, temperature) = ReadTextRequest(Name, request);
        using var promptIds = ids;
        using var generated = language.Generate(ids, length, temperature, request.Seed);
        return prompt + Characters.Decode(generated);
    }

    /// <summary>
    /// The prompt (a newline when none) with its ids, the length (500 by default) and the temperature (0.8 by default)
    /// of a request to a character language model of Tiny Shakespeare's vocabulary; chapter 05's GPT reads its
    /// requests the same way. The caller disposes the ids.
    /// </summary>
    /// <exception cref="ArgumentException">An option for image generators, a prompt with no character of the
    /// vocabulary, a negative length or a negative or non-finite temperature.</exception>
    internal static (string Prompt, Tensor Ids, int Length, double Temperature) ReadTextRequest(string recipe, SampleRequest request)
    {
        request.AcceptOnly($"{recipe} is a character language model (--prompt, --length, --temperature)", "--prompt", "--length", "--temperature");
        var prompt = string.IsNullOrEmpty(request.Prompt) ? "\n" : request.Prompt;
        var length = request.Length ?? 500;
        if (length < 0)
            throw new ArgumentException($"The length must not be negative; got {length}.", nameof(request));
        var temperature = request.Temperature ?? 0.8;
        if (temperature < 0 || !double.IsFinite(temperature))
            throw new ArgumentException($"The temperature must be zero (greedy) or positive; got {temperature}.", nameof(request));
        var ids = Encode(prompt);
        if (ids.shape[0] == 0)
        {
            ids.Dispose();
            throw new ArgumentException($"The prompt has no character of the vocabulary ({Vocabulary.Length} characters of Tiny Shakespeare).", nameof(request));
        }
        return (prompt, ids, length, temperature);
    }
}
