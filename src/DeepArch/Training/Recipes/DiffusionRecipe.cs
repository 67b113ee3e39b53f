using System.Globalization;
using DeepArch.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// What the diffusion recipes share: a <see cref="DiffusionModel"/> trained by a <see cref="DiffusionLearner"/>, and
/// <c>deeparch sample</c>'s options turned into a sampler (<c>--sampler ddpm|ddim</c>, <c>--steps</c>), a condition and a
/// guidance weight. The default sampler is DDIM with <see cref="DefaultDdimSteps"/> steps and the recipe's
/// <see cref="DefaultEta"/>.
/// </summary>
internal abstract class DiffusionRecipe : ImageGeneratorRecipe
{
    /// <summary>DDIM steps of the default sampler.</summary>
    public const int DefaultDdimSteps = 50;

    /// <summary>The model's configuration.</summary>
    public abstract DiffusionConfig Config { get; }

    /// <summary>Probability of dropping the condition in training (classifier-free guidance).</summary>
    public virtual double ConditionDropout => 0.2;

    /// <summary>DDIM's η when <c>--eta</c> is not given: 0 (deterministic) unless the recipe measured better with another.</summary>
    public virtual double DefaultEta => 0;

    /// <summary>Guidance weight w used when a condition is asked for without <c>--guidance</c>.</summary>
    public abstract double DefaultGuidance { get; }

    public override nn.Module<Tensor, Tensor> CreateModel() => new DiffusionModel(Config);

    internal override Learner CreateLearner(nn.Module<Tensor, Tensor> model) => new DiffusionLearner(Diffusion(model), ConditionDropout);

    /// <summary>Samples measured after training: 1,000, or 32 on synthetic smoke data (sampling takes 50 network calls per batch).</summary>
    private protected override int MeasuredSamples(RecipeData data) => data.Synthetic ? 32 : YardstickSamples;

    /// <summary>The sampler <paramref name="request"/> asks for on <paramref name="schedule"/>.</summary>
    /// <exception cref="ArgumentException">Unknown sampler, or steps or η out of range.</exception>
    public IDiffusionSampler Sampler(NoiseSchedule schedule, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(request);
        var name = (request.Sampler ?? "ddim").Trim().ToLowerInvariant();
        if (request.Eta is { } eta && !(eta is >= 0 and <= 1))
            throw new ArgumentException($"--eta must lie between 0 and 1; got {eta.ToString(CultureInfo.InvariantCulture)}.");
        return name switch
        {
            "ddim" when request.Steps is { } s && (s < 1 || s > schedule.Steps) =>
                throw new ArgumentException($"--steps for ddim must lie between 1 and T = {schedule.Steps}; got {s}."),
            "ddim" => new DdimSampler(schedule, request.Steps ?? Math.Min(DefaultDdimSteps, schedule.Steps), request.Eta ?? DefaultEta),
            "ddpm" when request.Eta is not null =>
                throw new ArgumentException("--eta belongs to ddim (η = 1 is DDPM's variance); ddpm takes none."),
            "ddpm" when request.Steps is { } s && s != schedule.Steps =>
                throw new ArgumentException($"ddpm takes all T = {schedule.Steps} steps; use --sampler ddim for {s}."),
            "ddpm" => new DdpmSampler(schedule),
            _ => throw new ArgumentException($"Unknown sampler '{request.Sampler}': use ddpm or ddim."),
        };
    }

    /// <summary>Draws images for <paramref name="request"/> with condition tokens <c>[1 or N, L]</c> (or none).</summary>
    private protected Tensor Draw(nn.Module<Tensor, Tensor> model, SampleRequest request, Tensor? tokens, (int C, int H, int W) shape)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        var diffusion = Diffusion(model);
        request.AcceptOnly($"{Name} draws images", "--class", "--caption", "--sampler", "--steps", "--eta", "--guidance");
        if (tokens is null && request.Guidance is not null)
            throw new ArgumentException($"--guidance needs a condition ({ConditionOption}) to guide towards.");
        var process = new ReverseProcess(diffusion.Sampling, Sampler(diffusion.Schedule, request))
        {
            Guidance = tokens is null ? 0 : request.Guidance ?? DefaultGuidance,
        };
        var generator = new Generator((ulong)request.Seed);
        return process.Sample(request.Count, shape, tokens, generator);
    }

    /// <summary>The <c>deeparch sample</c> option that gives the condition.</summary>
    private protected abstract string ConditionOption { get; }

    private protected DiffusionModel Diffusion(nn.Module<Tensor, Tensor> model) =>
        model as DiffusionModel ?? throw new ArgumentException($"{Name} works with a DiffusionModel, not a {model.GetType().Name}.");
}
