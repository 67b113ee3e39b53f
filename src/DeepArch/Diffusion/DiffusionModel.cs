using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>What a diffusion model is conditioned on.</summary>
public enum DiffusionCondition
{
    /// <summary>Nothing: unconditional generation.</summary>
    None,

    /// <summary>A class label (token = class + 1).</summary>
    Class,

    /// <summary>A caption's words (tokens of <see cref="CaptionVocabulary"/>).</summary>
    Caption,
}

/// <summary>Configuration of <see cref="DiffusionModel"/>.</summary>
/// <param name="Denoiser">The U-Net's configuration.</param>
/// <param name="Schedule">Noise schedule name: cosine or linear.</param>
/// <param name="Steps">T, the diffusion steps the network is trained on.</param>
/// <param name="Condition">What the network is conditioned on.</param>
/// <param name="Velocity">
/// The network outputs v = √ᾱ_t ε − √(1 − ᾱ_t) x_0 (Salimans &amp; Ho 2022) and is trained on ‖v − v̂‖²; the samplers still
/// receive ε̂ from <see cref="DenoiserUNet.Predict"/>. False: the network outputs ε̂, trained on eq. 14 of Ho et al. 2020.
/// </param>
/// <param name="AverageDecay">
/// 0 for none; otherwise the decay β of an exponential moving average of the denoiser's weights, updated after every
/// training step, that <see cref="DiffusionModel.Sampling"/> returns (Ho et al. 2020, §4, use β = 0.9999 over 800k steps;
/// a run of a few thousand steps wants β ≈ 0.999).
/// </param>
public sealed record DiffusionConfig(DenoiserConfig Denoiser, string Schedule = "cosine", int Steps = 1000,
    DiffusionCondition Condition = DiffusionCondition.None, bool Velocity = false, double AverageDecay = 0);

/// <summary>
/// A denoiser together with the noise schedule it was trained on: what a diffusion recipe trains and checkpoints. Its
/// <see cref="forward"/> is not a generator (a diffusion model needs a timestep and a sampler): use
/// <see cref="Denoiser"/>, <see cref="DiffusionLearner"/> and <see cref="ReverseProcess"/>.
/// </summary>
public sealed class DiffusionModel : nn.Module<Tensor, Tensor>
{
    private readonly DenoiserUNet denoiser;
    private readonly DenoiserUNet? average;
    private readonly Tensor? average_updates;                                           // [1]: training steps averaged

    /// <summary>Builds the model.</summary>
    /// <exception cref="ArgumentException">The schedule is unknown or the condition does not match the vocabulary.</exception>
    public DiffusionModel(DiffusionConfig config) : base(nameof(DiffusionModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((config.Condition == DiffusionCondition.None) != (config.Denoiser.ConditionVocabulary == 0))
            throw new ArgumentException("A conditional diffusion model needs a condition vocabulary, and an unconditional one none.", nameof(config));
        if (config.AverageDecay is < 0 or >= 1)
            throw new ArgumentException($"The average decay must lie in [0, 1); got {config.AverageDecay}.", nameof(config));
        Config = config;
        Schedule = NoiseSchedule.Create(config.Schedule, config.Steps);
        denoiser = new DenoiserUNet(config.Denoiser, config.Velocity ? Schedule : null);
        if (config.AverageDecay > 0)
        {
            average = new DenoiserUNet(config.Denoiser, config.Velocity ? Schedule : null);
            average_updates = zeros(1, dtype: ScalarType.Int64);
            register_buffer(nameof(average_updates), average_updates);
        }
        RegisterComponents();
        if (average is not null)
            WeightAverage.Start(average, denoiser);
    }

    /// <summary>The configuration.</summary>
    public DiffusionConfig Config { get; }

    /// <summary>The noise schedule of training.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>The ε-prediction network being trained.</summary>
    public DenoiserUNet Denoiser => denoiser;

    /// <summary>
    /// The network to sample from: the moving average of <see cref="Denoiser"/>'s weights when the model keeps one
    /// (<see cref="DiffusionConfig.AverageDecay"/> &gt; 0), otherwise <see cref="Denoiser"/> itself.
    /// </summary>
    public DenoiserUNet Sampling => average ?? denoiser;

    /// <summary>
    /// Advances the moving average after a training step (<see cref="WeightAverage"/>); nothing without one.
    /// <see cref="DiffusionLearner"/> calls it after every step.
    /// </summary>
    public void UpdateAverage()
    {
        if (average is not null && average_updates is not null)
            WeightAverage.Update(average, denoiser, average_updates, Config.AverageDecay);
    }

    /// <summary>Not a generator: throws. Use <see cref="ReverseProcess"/> to sample.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor forward(Tensor input) =>
        throw new NotSupportedException("A diffusion model is sampled step by step: use ReverseProcess (or Denoiser.Predict for ε̂).");

    /// <summary>Condition tokens <c>[B, L]</c> for a batch's targets: class labels <c>[B]</c> or caption tokens <c>[B, L]</c>; null when unconditional.</summary>
    public Tensor? Tokens(Tensor targets) => Config.Condition switch
    {
        DiffusionCondition.None => null,
        DiffusionCondition.Class => (targets.to(ScalarType.Int64) + 1).unsqueeze(1),    // [B, 1]: class c is token c + 1
        _ => targets.to(ScalarType.Int64),                                               // [B, L]
    };
}
