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
/// Memory is sampled after warm-up, half-way and at the end: it must stay flat.
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
        Seeding.Seed();
        using var bareModel = new LeNet5();
        bareModel.to(device);
        using var optimizer = optim.Adam(bareModel.parameters(), 1e-3);
        Seeding.Seed();
        using var trainerModel = new LeNet5();
        var learner = new Classifier(trainerModel) { LearningRate = 1e-3 };
        try
        {
            log?.WriteLine($"warm-up: {settings.Warmup} steps of each loop…");
            BareSteps(bareModel, optimizer, batches, settings.Warmup);
            TrainerSteps(learner, batches, settings.Warmup, device);

            // The two loops alternate in blocks, so a change in machine load during the run affects both alike.
            var rounds = Math.Min(10, settings.Steps);
            var bare = TimeSpan.Zero;
            var trainer = TimeSpan.Zero;
            var rssStart = ResidentMemory.Megabytes();
            var rssMiddle = rssStart;
            var done = 0;
            for (var round = 0; round < rounds; round++)
            {
                var block = settings.Steps * (round + 1) / rounds - done;
                done += block;
                log?.WriteLine($"round {round + 1}/{rounds}: {block} steps of each loop…");
                // Which loop goes first alternates too (ABBA), so neither always inherits the other's caches.
                for (var turn = 0; turn < 2; turn++)
                {
                    var clock = Stopwatch.StartNew();
                    if ((turn == 0) == (round % 2 == 0))
                    {
                        BareSteps(bareModel, optimizer, batches, block);
                        bare += clock.Elapsed;
                    }
                    else
                    {
                        TrainerSteps(learner, batches, block, device);
                        trainer += clock.Elapsed;
                    }
                }
                if (round == rounds / 2 - 1)
                    rssMiddle = ResidentMemory.Megabytes();
            }
            var rssEnd = ResidentMemory.Megabytes();
            var bareMs = bare.TotalMilliseconds / settings.Steps;
            var trainerMs = trainer.TotalMilliseconds / settings.Steps;
            return new Result(settings.Steps, settings.BatchSize, device.ToString(), TorchRuntime.Threads,
                bareMs, trainerMs, trainerMs / bareMs, rssStart, rssMiddle, rssEnd, rssEnd / rssStart - 1);
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

    /// <summary>The loop a student writes by hand: forward, loss, backward, step, and reading back loss and accuracy.</summary>
    private static void BareSteps(LeNet5 model, optim.Optimizer optimizer, IReadOnlyList<Batch> batches, int steps)
    {
        model.train();
        for (var i = 0; i < steps; i++)
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
    }

    private static void TrainerSteps(Classifier learner, IReadOnlyList<Batch> batches, int steps, Device device)
    {
        if (steps == 0)
            return;
        var trainer = new Trainer(new TrainerOptions { Device = device, MaxStepsPerEpoch = steps, ProgressInterval = steps });
        trainer.Fit(learner, new RepeatingBatches(batches));
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
