using DeepArch.Runtime;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using DeepArch.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Times the <c>gpt-shakespeare</c> model's training step (forward, backward, clipping, AdamW) with its attention written
/// out (<see cref="ScaledDotProductAttention.Compute"/>) and with libtorch's fused
/// <c>scaled_dot_product_attention</c>, on the same model and batches, in alternating blocks. The recipe uses the faster.
/// </summary>
internal static class AttentionBenchmark
{
    private const int DistinctBatches = 8;

    public sealed record Settings(int Steps, int BatchSize, int Warmup);

    public sealed record Result(
        int Steps, int BatchSize, int ContextLength, int Layers, int Width, string Device, int Threads,
        double WrittenOutMsPerStep, double FusedMsPerStep, double Ratio, double FusedTokensPerSecond)
    {
        public string ToText() =>
            $"""
            steps {Steps} (GPT {Layers} layers × {Width} wide, windows {BatchSize} × {ContextLength}, {Device}, {Threads} threads)
            written-out attention         {WrittenOutMsPerStep,8:F1} ms/step
            scaled_dot_product_attention  {FusedMsPerStep,8:F1} ms/step   ({FusedTokensPerSecond:N0} tokens/s)
            written-out / fused           {Ratio,8:F3}
            """;
    }

    public static Result Run(Settings settings, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 2, "--steps");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1, "--batch-size");
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Warmup, "--warmup");
        var device = Devices.Select();
        var config = GptShakespeareSettings.Model;
        var batches = MakeBatches(settings.BatchSize, config, device);
        Seeding.Seed();
        using var model = new Gpt(config);
        model.to(device);
        var learner = new GptLearner(model) { LearningRate = 1e-3 };
        void Steps(bool fused, int steps)
        {
            if (steps == 0)
                return;
            foreach (var block in model.Blocks)
                block.Attention.Fused = fused;
            var trainer = new Trainer(new TrainerOptions { Device = device, MaxStepsPerEpoch = steps, ProgressInterval = steps });
            trainer.Fit(learner, new RepeatingBatches(batches));
        }
        try
        {
            log?.WriteLine($"warm-up: {settings.Warmup} steps of each…");
            Steps(false, settings.Warmup);
            Steps(true, settings.Warmup);
            var (writtenTime, fusedTime) = AlternatingBlocks.Time(settings.Steps, rounds: 4, steps => Steps(false, steps), steps => Steps(true, steps), log);
            var writtenMs = writtenTime.TotalMilliseconds / settings.Steps;
            var fusedMs = fusedTime.TotalMilliseconds / settings.Steps;
            return new Result(settings.Steps, settings.BatchSize, config.ContextLength, config.Layers, config.Width, device.ToString(),
                TorchRuntime.Threads, writtenMs, fusedMs, writtenMs / fusedMs, settings.BatchSize * config.ContextLength / (fusedMs / 1000));
        }
        finally
        {
            learner.Optimizer?.Dispose();
            foreach (var batch in batches)
            {
                batch.Inputs.Dispose();
                batch.Targets.Dispose();
            }
        }
    }

    private static List<Batch> MakeBatches(int batchSize, GptConfig config, Device device)
    {
        using var generator = new Generator(7);
        return Enumerable.Range(0, DistinctBatches)
            .Select(_ =>
            {
                using var window = randint(0, config.VocabularySize, new long[] { batchSize, config.ContextLength + 1 }, generator: generator);
                return new Batch(window[.., ..^1].contiguous().to(device), window[.., 1..].contiguous().to(device));
            })
            .ToList();
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
