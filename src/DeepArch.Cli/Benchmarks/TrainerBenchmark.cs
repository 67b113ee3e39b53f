using System.Runtime;
using System.Runtime.InteropServices;
using DeepArch.Models;
using DeepArch.Runtime;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Measures what the <see cref="Trainer"/> costs over the loop a student would write by hand: the same LeNet-5,
/// optimizer, seed and synthetic batches, and the same per-step work (loss and accuracy read back each step).
/// Memory is sampled after warm-up, half-way and at the end: resident memory as it is (which includes managed garbage
/// the GC has not collected yet, however much its youngest generation allows on this CPU), then, after a full
/// collection, resident memory again and the TorchSharp tensors still alive; then, on Linux, once more after asking
/// the C allocator to give its free memory back to the system (glibc's <c>malloc_trim</c>), which tells memory that is
/// still in use from memory libtorch freed but glibc kept. Goals: no growth in live tensors, and at most 5 % growth in
/// resident memory after collection.
/// </summary>
internal static class TrainerBenchmark
{
    private const int DistinctBatches = 8;

    public sealed record Settings(int Steps, int BatchSize, int Warmup);

    public sealed record Result(
        int Steps, int BatchSize, string Device, int Threads,
        double BareMsPerStep, double TrainerMsPerStep, double Ratio,
        double RssStartMb, double RssMiddleMb, double RssEndMb, double RssGrowth,
        double CollectedRssStartMb, double CollectedRssMiddleMb, double CollectedRssEndMb, double CollectedRssGrowth,
        double? TrimmedRssStartMb, double? TrimmedRssMiddleMb, double? TrimmedRssEndMb, double? TrimmedRssGrowth,
        long LiveTensorsStart, long LiveTensorsMiddle, long LiveTensorsEnd,
        long ScopeLiveStart, long ScopeLiveMiddle, long ScopeLiveEnd, string GcSettings)
    {
        public string ToText() =>
            $"""
            steps {Steps} (batch {BatchSize}, LeNet-5, {Device}, {Threads} threads)
            bare loop     {BareMsPerStep,8:F3} ms/step
            Trainer       {TrainerMsPerStep,8:F3} ms/step
            ratio         {Ratio,8:F3}   (goal <= 1.05)
            RSS           {RssStartMb:F1} MB after warm-up, {RssMiddleMb:F1} MB half-way, {RssEndMb:F1} MB at the end
            RSS growth    {RssGrowth,8:P2}   (before any collection: includes uncollected managed garbage)
            after a full collection:
            RSS           {CollectedRssStartMb:F1} MB, {CollectedRssMiddleMb:F1} MB, {CollectedRssEndMb:F1} MB
            RSS growth    {CollectedRssGrowth,8:P2}   (goal <= 5%)
            after the C allocator returned its free memory (malloc_trim; Linux only):
            RSS           {TrimmedRssStartMb:F1} MB, {TrimmedRssMiddleMb:F1} MB, {TrimmedRssEndMb:F1} MB
            RSS growth    {TrimmedRssGrowth,8:P2}   (what remains is memory still in use)
            live tensors  {LiveTensorsStart}, {LiveTensorsMiddle}, {LiveTensorsEnd}   (goal: no growth)
            scope stats   {ScopeLiveStart}, {ScopeLiveMiddle}, {ScopeLiveEnd}   (tensors this thread created and has not disposed)
            GC            {GcSettings}
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

            var rounds = Math.Min(10, settings.Steps);
            var start = Sample.Take();
            var middle = start;
            var (bare, trainer) = AlternatingBlocks.Time(settings.Steps, rounds,
                steps => BareSteps(bareModel, optimizer, batches, steps), steps => TrainerSteps(learner, batches, steps, device), log,
                round => { if (round == rounds / 2 - 1) middle = Sample.Take(); });
            var end = Sample.Take();
            var bareMs = bare.TotalMilliseconds / settings.Steps;
            var trainerMs = trainer.TotalMilliseconds / settings.Steps;
            return new Result(settings.Steps, settings.BatchSize, device.ToString(), TorchRuntime.Threads,
                bareMs, trainerMs, trainerMs / bareMs, start.RssMb, middle.RssMb, end.RssMb, end.RssMb / start.RssMb - 1,
                start.CollectedRssMb, middle.CollectedRssMb, end.CollectedRssMb, end.CollectedRssMb / start.CollectedRssMb - 1,
                start.TrimmedRssMb, middle.TrimmedRssMb, end.TrimmedRssMb, end.TrimmedRssMb / start.TrimmedRssMb - 1,
                start.LiveTensors, middle.LiveTensors, end.LiveTensors, start.ScopeLive, middle.ScopeLive, end.ScopeLive,
                GcSettings());
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

    /// <summary>
    /// Memory at one point of the run: as found, then after a full collection (finalizers included), then after the C
    /// allocator trimmed its free memory (null where there is no glibc).
    /// </summary>
    private readonly record struct Sample(double RssMb, double CollectedRssMb, double? TrimmedRssMb, long LiveTensors, long ScopeLive)
    {
        public static Sample Take()
        {
            var rss = ResidentMemory.Megabytes();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();   // a tensor nobody disposed frees its native memory only in its finalizer
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var collected = ResidentMemory.Megabytes();
            double? trimmed = TrimCHeap() ? ResidentMemory.Megabytes() : null;
            return new Sample(rss, collected, trimmed, Tensor.TotalCount, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    /// <summary>Asks glibc to return the free memory of its heaps to the system; false where that call does not exist.</summary>
    private static bool TrimCHeap()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;   // a C library other than glibc (musl)
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>The GC settings in force that change how much garbage accumulates between collections.</summary>
    private static string GcSettings()
    {
        var ephemeral = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        var conserve = AppContext.GetData("System.GC.ConserveMemory") ?? Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? "0";
        var gen0 = AppContext.GetData("System.GC.Gen0Size") ?? Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "default";
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")}, conserve memory {conserve}, gen0size {gen0}, " +
               $"gen0 grew to {ephemeral.GenerationInfo[0].SizeBeforeBytes / 1048576.0:F1} MB before the last young collection";
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
