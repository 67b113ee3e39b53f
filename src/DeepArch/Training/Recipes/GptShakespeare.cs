using DeepArch.Data;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>gpt-shakespeare</c>: a tiny character-level <see cref="Gpt"/> on Tiny Shakespeare, with the vocabulary and the
/// 90/10 split of <c>charlstm-shakespeare</c> (so their losses compare), trained on random windows
/// (<see cref="TokenWindows"/>) with AdamW under a one-cycle schedule whose warm-up is short. An "epoch" is a fixed
/// number of steps followed by a validation pass over the whole validation text: the loss-versus-time curve comes at
/// that rhythm. <c>--synthetic N</c> trains on N generated French and English sentences instead.
/// </summary>
internal sealed class GptShakespeare : Recipe, ITextGenerator
{
    internal const int StepsPerEpoch = 250;

    public override string Name => "gpt-shakespeare";

    public override string Dataset => TextCorpus.TinyShakespeare.Name;

    public override string Description => "Tiny character-level GPT on Tiny Shakespeare (validation loss in nats per character).";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 16, BatchSize: 32, LearningRate: 2e-3, WeightDecay: 0.1);

    public override string TestMetric => MetricNames.Loss;

    // A short warm-up: the curve should fall early, since the goals are read off it at 90 s as well as at the end.
    internal override double WarmupFraction => 0.05;

    // Transformers: weight decay on matrices and embeddings only, not on biases and LayerNorm gains.
    internal override bool DecayMatricesOnly => true;

    internal static GptConfig ModelConfig => new(CharLstmShakespeare.Vocabulary.Length,
        ContextLength: 64, Layers: 4, Heads: 4, Width: 128);

    public override nn.Module<Tensor, Tensor> CreateModel() => new Gpt(ModelConfig);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) =>
        new GptLearner(model as Gpt ?? throw new ArgumentException($"{Name} trains a {nameof(Gpt)}, not a {model.GetType().Name}.", nameof(model)));

    internal override long? TokensPerStep(int batchSize) => (long)batchSize * ModelConfig.ContextLength;

    internal override RecipeData LoadData(RecipeOptions options, int batchSize)
    {
        var text = CharLstmShakespeare.LoadText(options);
        using var ids = CharLstmShakespeare.Encode(text);
        var (train, validation) = CharLstmShakespeare.Split(ids);
        var context = ModelConfig.ContextLength;
        if (validation.shape[0] < context + 1)
            throw new ArgumentException($"The text is too short: its last 10 % must hold at least {context + 1} characters (try more --synthetic sentences).");
        // Generated text is small: an epoch is then a handful of steps (a smoke run takes seconds).
        var steps = options.SyntheticSamples is null ? StepsPerEpoch : Math.Min(StepsPerEpoch, 4);
        var windows = new TokenWindows(train, validation, batchSize, context, steps, options.Seed);
        return new RecipeData(windows, train.shape[0], validation.shape[0], Synthetic: options.SyntheticSamples is not null, [windows]);
    }

    /// <summary>
    /// Continues the prompt (default: a newline) with <see cref="SampleRequest.Length"/> characters (default 500) at
    /// <see cref="SampleRequest.Temperature"/> (default 0.8); characters of the prompt outside the vocabulary are dropped.
    /// </summary>
    public string Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (model is not Gpt gpt)
            throw new ArgumentException($"{Name} samples from a {nameof(Gpt)}, not a {model.GetType().Name}.", nameof(model));
        var (prompt, ids, length, temperature) = CharLstmShakespeare.ReadTextRequest(Name, request);
        using var promptIds = ids;
        using var generated = gpt.Generate(ids, length, temperature, request.Seed);
        return prompt + CharLstmShakespeare.Characters.Decode(generated);
    }
}
