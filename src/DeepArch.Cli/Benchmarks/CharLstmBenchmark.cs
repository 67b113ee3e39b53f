using DeepArch.Runtime;
using DeepArch.Sequences;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Measures what the library's language-model training costs over bare TorchSharp: the recipe's training loop
/// (<see cref="Trainer"/>, <see cref="CharLanguageModelLearner"/>: truncated BPTT, AdamW, clipping) against a hand-written
/// loop over the same embedding, <c>nn.LSTM</c> and linear head, with the same optimizer, clipping and carried state, on
/// the same batches. The two alternate in blocks so machine load affects both alike.
/// </summary>
internal static class CharLstmBenchmark
{
    private const int DistinctBatches = 8;
    private const int WindowLength = Training.Recipes.CharLstmShakespeareSettings.WindowLength;

    public sealed record Settings(int Steps, int BatchSize, int Warmup);

    public sealed record Result(
        int Steps, int BatchSize, int WindowLength, int HiddenSize, string Device, int Threads,
        double BareMsPerStep, double TrainerMsPerStep, double Ratio, double TokensPerSecond)
    {
        public string ToText() =>
            $"""
            steps {Steps} (windows {BatchSize} × {WindowLength}, LSTM {HiddenSize} units, {Device}, {Threads} threads)
            bare nn.LSTM loop {BareMsPerStep,8:F1} ms/step
            library loop      {TrainerMsPerStep,8:F1} ms/step   ({TokensPerSecond:N0} characters/s)
            ratio             {Ratio,8:F3}   (goal <= 1.10)
            """;
    }

    public static Result Run(Settings settings, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 2, "--steps");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1, "--batch-size");
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Warmup, "--warmup");
        var device = Devices.Select();
        var config = Training.Recipes.CharLstmShakespeareSettings.Model;
        var batches = MakeBatches(settings.BatchSize, config.VocabularySize, device);
        Seeding.Seed();
        var bare = new BareModel(config);
        bare.to(device);
        using var optimizer = optim.AdamW(bare.parameters(), 1e-3);
        Seeding.Seed();
        using var model = new CharLanguageModel(config);
        var learner = new CharLanguageModelLearner(model) { LearningRate = 1e-3 };
        try
        {
            log?.WriteLine($"warm-up: {settings.Warmup} steps of each loop…");
            BareSteps(bare, optimizer, batches, settings.Warmup);
            LibrarySteps(learner, batches, settings.Warmup, device);
            var (bareTime, libraryTime) = AlternatingBlocks.Time(settings.Steps, rounds: 6,
                steps => BareSteps(bare, optimizer, batches, steps), steps => LibrarySteps(learner, batches, steps, device), log);
            var bareMs = bareTime.TotalMilliseconds / settings.Steps;
            var libraryMs = libraryTime.TotalMilliseconds / settings.Steps;
            return new Result(settings.Steps, settings.BatchSize, WindowLength, config.HiddenSize, device.ToString(), TorchRuntime.Threads,
                bareMs, libraryMs, libraryMs / bareMs, settings.BatchSize * WindowLength / (libraryMs / 1000));
        }
        finally
        {
            learner.ResetState();
            learner.Optimizer?.Dispose();
            bare.Dispose();
            foreach (var batch in batches)
            {
                batch.Inputs.Dispose();
                batch.Targets.Dispose();
            }
        }
    }

    /// <summary>The loop written by hand: forward from the carried state, loss, backward, clip, step, detach, read the loss.</summary>
    private static void BareSteps(BareModel model, optim.Optimizer optimizer, IReadOnlyList<Batch> batches, int steps)
    {
        model.train();
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var batch = batches[i % batches.Count];
            var logits = model.Step(batch.Inputs);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Targets.reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            _ = loss.item<float>();
        }
    }

    private static void LibrarySteps(CharLanguageModelLearner learner, IReadOnlyList<Batch> batches, int steps, Device device)
    {
        if (steps == 0)
            return;
        var trainer = new Trainer(new TrainerOptions { Device = device, MaxStepsPerEpoch = steps, ProgressInterval = steps });
        trainer.Fit(learner, new RepeatingBatches(batches));
    }

    private static List<Batch> MakeBatches(int batchSize, int vocabulary, Device device)
    {
        using var generator = new Generator(7);
        return Enumerable.Range(0, DistinctBatches)
            .Select(_ =>
            {
                using var window = randint(0, vocabulary, new long[] { batchSize, WindowLength + 1 }, generator: generator);
                return new Batch(window[.., ..^1].contiguous().to(device), window[.., 1..].contiguous().to(device));
            })
            .ToList();
    }

    /// <summary>Embedding, <c>nn.LSTM</c> and a linear head, with the state carried by hand.</summary>
    private sealed class BareModel : nn.Module
    {
        private readonly TorchSharp.Modules.Embedding embedding;
        private readonly TorchSharp.Modules.LSTM lstm;
        private readonly TorchSharp.Modules.Linear head;
        private (Tensor H, Tensor C)? _state;

        public BareModel(CharLanguageModelConfig config) : base(nameof(BareModel))
        {
            embedding = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
            lstm = nn.LSTM(config.EmbeddingSize, config.HiddenSize, config.Layers, batchFirst: true);
            head = nn.Linear(config.HiddenSize, config.VocabularySize);
            RegisterComponents();
        }

        public Tensor Step(Tensor ids)
        {
            var (outputs, h, c) = lstm.call(embedding.call(ids), _state);
            _state?.H.Dispose();
            _state?.C.Dispose();
            _state = (h.detach().DetachFromDisposeScope(), c.detach().DetachFromDisposeScope());
            return head.call(outputs);
        }
    }

    /// <summary>Cycles through pre-built batches forever; the trainer's step limit ends the epoch.</summary>
    private sealed class RepeatingBatches(IReadOnlyList<Batch> batches) : DataModule
    {
        public override IEnumerable<Batch> TrainBatches()
        {
            for (var i = 0; ; i++)
                yield return batches[i % batches.Count];
        }

        public override IEnumerable<Batch> ValidationBatches() => [];
    }
}
