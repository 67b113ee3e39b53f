using System.Diagnostics;
using DeepArch.Models;
using DeepArch.Runtime;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Measures what the <see cref="Trainer"/> costs over the loop a student would write by hand: the same LeNet-5,
/// optimizer, seed and synthetic batches, and the same per-step work (loss and accuracy read back each step).
/// Memory is sampled after warm-up, half-way and at the end of the trainer's run: it must stay flat.
/// </summary>
internal static class TrainerBenchmark
{
    private const int DistinctBatches = 8;

    public sealed record Settings(int Steps, int BatchSize, int Warmup);

    public sealed record Result(
        int Steps, int BatchSize, string Device, int Threads,
        double BareMsPerStep, double TrainerMsPerStep, double Ratio,
        double RssStartMb, double RssMiddleMb, double RssEndMb, double RssGrowth)
    {
        public string ToText() =>
            $"""
            steps {Steps} (batch {BatchSize}, LeNet-5, {Device}, {Threads} threads)
            bare loop     {BareMsPerStep,8:F3} ms/step
            Trainer       {TrainerMsPerStep,8:F3} ms/step
            ratio         {Ratio,8:F3}   (goal <= 1.05)
            RSS           {RssStartMb:F1} MB after warm-up, {RssMiddleMb:F1} MB half-way, {RssEndMb:F1} MB at the end
            RSS growth    {RssGrowth,8:P2}   (goal <= 5%)
            """;
    }

    public static Result Run(Settings settings, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 2, "--steps");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1, "--batch-size");
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Warmup, "--warmup");
        var device = Devices.Select();
        var batches = MakeBatches(settings.BatchSize, device);
        try
        {
            log?.WriteLine($"bare loop: {settings.Warmup} warm-up + {settings.Steps} timed steps…");
            var bare = TimeBareLoop(batches, settings, device);
            log?.WriteLine($"Trainer: {settings.Warmup} warm-up + {settings.Steps} timed steps…");
            var (trainer, rssStart, rssMiddle, rssEnd) = TimeTrainer(batches, settings, device);
            return new Result(settings.Steps, settings.BatchSize, device.ToString(), TorchRuntime.Threads,
                bare, trainer, trainer / bare, rssStart, rssMiddle, rssEnd, rssEnd / rssStart - 1);
        }
        finally
        {
            foreach (var batch in batches)
            {
                batch.Inputs.Dispose();
                batch.Targets.Dispose();
            }
        }
    }

    private static double TimeBareLoop(IReadOnlyList<Batch> batches, Settings settings, Device device)
    {
        Seeding.Seed();
        using var model = new LeNet5();
        model.to(device);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        model.train();

        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var batch = batches[i % batches.Count];
            var logits = model.call(batch.Inputs);
            var loss = nn.functional.cross_entropy(logits, batch.Targets);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
            _ = logits.argmax(1).eq(batch.Targets).sum().item<long>();
        }

        for (var i = 0; i < settings.Warmup; i++)
            Step(i);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < settings.Steps; i++)
            Step(i);
        return clock.Elapsed.TotalMilliseconds / settings.Steps;
    }

    private static (double MsPerStep, double RssStart, double RssMiddle, double RssEnd) TimeTrainer(
        IReadOnlyList<Batch> batches, Settings settings, Device device)
    {
        Seeding.Seed();
        using var model = new LeNet5();
        var learner = new Classifier(model) { LearningRate = 1e-3 };
        if (settings.Warmup > 0)
            new Trainer(new TrainerOptions { Device = device, MaxStepsPerEpoch = settings.Warmup })
                .Fit(learner, new RepeatingBatches(batches));

        var rssStart = ProcessMemory.ResidentMegabytes();
        var rssMiddle = double.NaN;
        var middle = settings.Steps / 2;
        var trainer = new Trainer(new TrainerOptions { Device = device, MaxStepsPerEpoch = settings.Steps, ProgressInterval = middle });
        trainer.StepCompleted += (_, p) =>
        {
            if (p.Step == middle)
                rssMiddle = ProcessMemory.ResidentMegabytes();
        };
        var history = trainer.Fit(learner, new RepeatingBatches(batches));
        var rssEnd = ProcessMemory.ResidentMegabytes();
        learner.Optimizer?.Dispose();
        return (history.Epochs[0].Duration.TotalMilliseconds / settings.Steps, rssStart, rssMiddle, rssEnd);
    }

    private static List<Batch> MakeBatches(int batchSize, Device device)
    {
        using var generator = new Generator(7);
        return Enumerable.Range(0, DistinctBatches)
            .Select(_ => new Batch(
                rand(new long[] { batchSize, 1, 28, 28 }, generator: generator).to(device),
                randint(0, 10, new long[] { batchSize }, generator: generator).to(device)))
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
