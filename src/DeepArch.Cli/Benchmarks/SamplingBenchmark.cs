using DeepArch.Diffusion;
using DeepArch.Runtime;
using DeepArch.Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Times a diffusion recipe's samplers — DDIM with 10, 20, 50 and 100 steps, and DDPM's T steps — on its denoiser, every
/// image of a batch going through the network in the same call: seconds, images per second, milliseconds per step and the
/// share of the time spent inside the U-Net, on the same number of images for each. The network's weights do not change its speed, so an untrained model of the
/// recipe's configuration is timed (no checkpoint needed).
/// </summary>
internal static class SamplingBenchmark
{
    public sealed record Settings(string Recipe, int Count, double Guidance);

    public sealed record Row(string Sampler, int Steps, int Images, double Seconds, double ImagesPerSecond, double MsPerStep, double NetworkShare);

    public sealed record Result(string Recipe, string Device, int Threads, int BatchSize, double Guidance, IReadOnlyList<Row> Samplers,
        double Ddim50SpeedupOverDdpm)
    {
        public string ToText()
        {
            var lines = new List<string>
            {
                $"{Recipe} ({Device}, {Threads} threads), up to {BatchSize} images per network call, guidance w = {Guidance}",
                $"{"sampler",-10} {"steps",6} {"images",7} {"seconds",8} {"images/s",9} {"ms/step",8} {"U-Net",6}",
            };
            lines.AddRange(Samplers.Select(r =>
                $"{r.Sampler,-10} {r.Steps,6} {r.Images,7} {r.Seconds,8:F1} {r.ImagesPerSecond,9:F2} {r.MsPerStep,8:F1} {r.NetworkShare,6:P0}"));
            lines.Add($"DDIM 50 against DDPM: {Ddim50SpeedupOverDdpm:F1}× the images per second");
            return string.Join(Environment.NewLine, lines);
        }
    }

    public static Result Run(Settings settings, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Count, 1, "--count");
        if (!(settings.Guidance >= 0))
            throw new ArgumentOutOfRangeException("--guidance", settings.Guidance, "The guidance weight must be ≥ 0.");
        if (RecipeCatalog.Find(settings.Recipe).CreateModel() is not DiffusionModel model)
            throw new ArgumentException($"'{settings.Recipe}' is not a diffusion recipe: use ddpm-mnist or ddpm-shapes.");
        using var _ = model;
        var device = Devices.Select();
        Seeding.Seed();
        model.to(device);
        var shape = (model.Config.Denoiser.Channels, 28, 28);
        var schedule = model.Schedule;
        IDiffusionSampler[] samplers =
            [.. new[] { 10, 20, 50, 100 }.Select(steps => new DdimSampler(schedule, steps)), new DdpmSampler(schedule)];
        var process = (IDiffusionSampler sampler) => new ReverseProcess(model.Sampling, sampler) { Guidance = settings.Guidance };
        log?.WriteLine("warm-up: DDIM, 2 steps…");
        using (var tokens = Tokens(model, 4, settings.Guidance))
            process(new DdimSampler(schedule, 2)).Sample(4, shape, tokens, new Generator(1)).Dispose();
        var rows = new List<Row>();
        foreach (var sampler in samplers)
        {
            var count = settings.Count;
            var name = sampler is DdpmSampler ? "DDPM" : $"DDIM {sampler.Timesteps.Count}";
            log?.WriteLine($"{name}: {count} images…");
            using var tokens = Tokens(model, count, settings.Guidance);
            var reverse = process(sampler);
            reverse.Sample(count, shape, tokens, new Generator(2)).Dispose();
            var steps = sampler.Timesteps.Count;
            var batches = (count + reverse.BatchSize - 1) / reverse.BatchSize;
            rows.Add(new Row(name, steps, count, reverse.LastSeconds, count / reverse.LastSeconds,
                reverse.LastSeconds / (steps * batches) * 1000, reverse.LastNetworkSeconds / reverse.LastSeconds));
        }
        var ddim50 = rows.Single(r => r.Sampler == "DDIM 50");
        return new Result(settings.Recipe, device.ToString(), TorchRuntime.Threads, process(samplers[0]).BatchSize, settings.Guidance, rows,
            ddim50.ImagesPerSecond / rows[^1].ImagesPerSecond);
    }

    /// <summary>A condition for every image (captions or classes in turn) when the guidance needs one; none otherwise.</summary>
    private static Tensor? Tokens(DiffusionModel model, int count, double guidance) => (model.Config.Condition, guidance > 0) switch
    {
        (_, false) or (DiffusionCondition.None, _) => null,
        (DiffusionCondition.Caption, _) => CaptionVocabulary.Shapes.Encode(ShapeColorJudge.Requests(count).Captions),   // [N, 2]
        _ => (arange(count, dtype: ScalarType.Int64) % 10 + 1).reshape(count, 1),                                      // [N, 1]
    };
}
