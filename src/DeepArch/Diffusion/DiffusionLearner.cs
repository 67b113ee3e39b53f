using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Trains a <see cref="DiffusionModel"/> on Ho et al. 2020's simplified objective (Algorithm 1, eq. 14): a uniform
/// timestep, fresh noise, x_t in closed form, and the mean squared error between ε and ε_θ(x_t, t, c) — or, for a
/// velocity-parameterised model, between v and v̂ (Salimans &amp; Ho 2022). With a condition,
/// it is replaced by ∅ with probability <see cref="ConditionDropout"/> so the same network also learns ε_θ(x_t, t),
/// which classifier-free guidance needs. Inputs are images in [0, 1] (scaled here to [−1, 1]); targets are class labels
/// or caption tokens.
/// </summary>
public sealed class DiffusionLearner : Learner
{
    private readonly DiffusionModel _model;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    /// <param name="model">The model to train.</param>
    /// <param name="conditionDropout">Probability of training a sample without its condition (0.1 – 0.2 in Ho &amp; Salimans 2021).</param>
    public DiffusionLearner(DiffusionModel model, double conditionDropout = 0.2) : base(model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (conditionDropout is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(conditionDropout), conditionDropout, "The condition dropout is a probability.");
        _model = model;
        ConditionDropout = conditionDropout;
    }

    /// <summary>Probability that a sample's condition is replaced by ∅ in training.</summary>
    public double ConditionDropout { get; }

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var x0 = batch.Inputs * 2 - 1;                                                   // [B, C, H, W] in [−1, 1]
        var b = x0.shape[0];
        // Algorithm 1, lines 3–4: t ~ Uniform({1, …, T}), ε ~ N(0, I)
        var t = randint(0, _model.Schedule.Steps, [b], dtype: ScalarType.Int64, device: x0.device);   // [B]
        var noise = randn_like(x0);
        var xt = DiffusionMath.AddNoise(_model.Schedule, x0, noise, t);
        var tokens = _model.Tokens(batch.Targets);
        if (tokens is not null && ConditionDropout > 0)
        {
            var keep = rand([b, 1], device: x0.device).ge(ConditionDropout).to(ScalarType.Int64);   // [B, 1]
            tokens = tokens * keep;                                                                 // dropped rows → ∅
        }
        var denoiser = _model.Denoiser;
        Tensor loss;
        if (denoiser.Velocity is { } schedule)
        {
            var alphaBar = schedule.AlphaBarAt(t, x0);                                     // [B, 1, 1, 1]
            // Salimans & Ho 2022, §4: the target v = √ᾱ_t ε − √(1 − ᾱ_t) x_0, compared with the network's v̂
            var velocity = alphaBar.sqrt() * noise - (1 - alphaBar).sqrt() * x0;
            loss = nn.functional.mse_loss(denoiser.Output(xt, t, tokens), velocity);
        }
        else
        {
            // Algorithm 1, line 5 (eq. 14): ∇_θ ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖²
            loss = nn.functional.mse_loss(denoiser.Predict(xt, t, tokens), noise);
        }
        return (loss, StepResult.FromLoss(batch.Size, loss.item<float>()));
    }

    /// <summary>
    /// The usual optimisation step, then the model's weight average (when it keeps one) follows it. A step that libtorch
    /// refuses because a scalar argument arrived corrupted ("toFloat" in c10/core/Scalar.h) is skipped and counted in
    /// <see cref="TrainingContext.SkippedSteps"/>: TorchSharp 0.107 turns every C# <c>+</c> into a call whose temporary
    /// scalar 1 may be finalised by the garbage collector while libtorch still reads it, which ended two of our long
    /// diffusion runs (after about 1,900 and 3,000 steps) with that error. Nothing was written by the refused operation.
    /// </summary>
    public override StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StepResult result;
        try
        {
            result = base.TrainingStep(batch, context);
        }
        catch (Exception error) when (error.Message.Contains("c10/core/Scalar.h", StringComparison.Ordinal))
        {
            context.Optimizer?.zero_grad();
            context.SkippedSteps++;
            return new StepResult(0, new Dictionary<string, double>());
        }
        _model.UpdateAverage();
        return result;
    }

    /// <summary>
    /// The loss at each of <paramref name="timesteps"/> on <paramref name="images"/>, of the network samples come from
    /// (<see cref="DiffusionModel.Sampling"/>): which noise levels it finds hard.
    /// </summary>
    /// <param name="model">A diffusion model.</param>
    /// <param name="images">Images <c>[N, C, H, W]</c> in [0, 1].</param>
    /// <param name="timesteps">Timesteps to measure.</param>
    /// <param name="tokens">Condition tokens <c>[N, L]</c>, or null.</param>
    /// <param name="generator">Source of the noise.</param>
    public static double[] LossAt(DiffusionModel model, Tensor images, IReadOnlyList<int> timesteps, Tensor? tokens = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        var device = model.parameters().First().device;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var losses = new double[timesteps.Count];
            for (var i = 0; i < timesteps.Count; i++)
            {
                using var scope = NewDisposeScope();
                var x0 = images.to(ScalarType.Float32).to(device) * 2 - 1;
                var noise = randn(x0.shape, generator: generator).to(device);
                var t = full([x0.shape[0]], timesteps[i], dtype: ScalarType.Int64, device: device);
                var xt = DiffusionMath.AddNoise(model.Schedule, x0, noise, t);
                losses[i] = nn.functional.mse_loss(model.Sampling.Predict(xt, t, tokens?.to(device)), noise).item<float>();
            }
            return losses;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
