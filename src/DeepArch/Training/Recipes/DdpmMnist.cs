using DeepArch.Diffusion;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>ddpm-mnist</c>: a small denoising U-Net (Ho et al. 2020) on MNIST, cosine schedule, its output the velocity v of
/// Salimans &amp; Ho 2022 (read as ε̂ by the samplers). The class is dropped in training with probability 0.7, so the one
/// model draws unconditional digits (the default, judged by the yardstick) and, with <c>--class C</c>, digits of class C
/// under classifier-free guidance. Its 60 epochs on 4,000 digits take under 12 minutes on 2 cores, sampling included (637 s
/// of training): 85.5 % of its 1,000 unconditional samples confident, Fréchet distance 40.9 (chapter 06's draw of
/// 1,000: 84.3 %, 43.7). With 40 epochs: 82.0 % and 61.7.
/// </summary>
internal sealed class DdpmMnist : DiffusionRecipe
{
    public override string Name => "ddpm-mnist";

    public override string Description =>
        "DDPM (small U-Net, cosine schedule) on MNIST, unconditional and class-conditional (--class, guidance); samples judged by the yardstick.";

    public override RecipeDefaults Defaults { get; } = new(Epochs: 60, BatchSize: 64, LearningRate: 2e-3, WeightDecay: 0);

    public override DiffusionConfig Config { get; } = new(new DenoiserConfig(Channels: 1, BaseWidth: 16, Multipliers: [1, 2, 2],
        ConditionVocabulary: 11, ScaleShift: true, AttentionHeads: 4), Schedule: "cosine", Steps: 1000, Condition: DiffusionCondition.Class,
        Velocity: true, AverageDecay: 0.999);

    public override double DefaultGuidance => 2;

    /// <summary>
    /// DDIM 50 with η = 1 by default: on this model it beats η = 0 at the same cost, on both draws of 1,000 (seeds 42 and
    /// 11: 85.5 % and 84.3 % confident, Fréchet 40.9 and 43.7, against 84.4 %, 81.3 %, 50.2 and 51.4 with η = 0).
    /// </summary>
    public override double DefaultEta => 1;

    /// <summary>
    /// Seven digits in ten are trained without their class: the unconditional model is the one whose samples the
    /// yardstick judges, and with the usual 0.2 it learned from a fifth of the data only (74.5 % of its samples confident,
    /// against 91.9 % for the same network's class-conditional samples without guidance; 0.5 gave 80.0 %, 0.7 82.8 %,
    /// both at 40 epochs).
    /// </summary>
    public override double ConditionDropout => 0.7;

    private protected override string ConditionOption => "--class";

    public override Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Caption is not null)
            throw new ArgumentException($"{Name} is conditioned on a class: use --class 0…9, not --caption.");
        if (request.Class is { } c && c is < 0 or > 9)
            throw new ArgumentException($"--class must be a digit 0…9; got {c}.");
        using var tokens = request.Class is { } digit ? tensor(new long[] { digit + 1 }, new long[] { 1, 1 }) : null;   // [1, 1]
        return Draw(model, request, tokens, (1, 28, 28));
    }
}
