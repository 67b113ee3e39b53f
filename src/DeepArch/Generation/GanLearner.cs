using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains a <see cref="GanModel"/> by alternating the two players (Goodfellow et al. 2014, Algorithm 1): per step,
/// <see cref="GanSettings.DiscriminatorSteps"/> updates of D on the real batch and as many generated samples, then
/// <see cref="GanSettings.GeneratorSteps"/> updates of G, each player with its own Adam. A conditional GAN is given
/// the batch's labels (<see cref="Batch.Targets"/>) for both real and generated samples. Metrics, the figures to plot:
/// <c>loss_d</c> and <c>loss_g</c> (also <c>loss</c> = <c>loss_d</c>), <c>d_real</c> = mean D(x) and <c>d_fake</c> =
/// mean D(G(z)). A NaN or infinite loss throws <see cref="GanDivergedException"/> before any update with it; a step
/// whose loss is finite but whose gradients are not is skipped for that player and counted in
/// <see cref="TrainingContext.SkippedSteps"/>.
/// </summary>
public sealed class GanLearner : Learner
{
    /// <summary>Metric: the discriminator's loss.</summary>
    public const string LossD = "loss_d";

    /// <summary>Metric: the generator's loss (under the settings' objective).</summary>
    public const string LossG = "loss_g";

    /// <summary>Metric: mean D(x) on real samples.</summary>
    public const string DReal = "d_real";

    /// <summary>Metric: mean D(G(z)) on generated samples.</summary>
    public const string DFake = "d_fake";

    private readonly GanModel _gan;
    private readonly Generator? _noise;
    private optim.Optimizer? _generatorOptimizer;
    private optim.Optimizer? _discriminatorOptimizer;

    /// <summary>Wraps <paramref name="gan"/>.</summary>
    /// <param name="gan">The two players.</param>
    /// <param name="settings">Learning rates, objective, label smoothing and steps ratio; the DCGAN paper's by default.</param>
    /// <param name="noise">Where z comes from (a local generator makes a run repeatable); torch's global generator when null.</param>
    public GanLearner(GanModel gan, GanSettings? settings = null, Generator? noise = null) : base(gan)
    {
        ArgumentNullException.ThrowIfNull(gan);
        Settings = settings ?? new GanSettings();
        Settings.Validate();
        _gan = gan;
        _noise = noise;
        LearningRate = Settings.GeneratorLearningRate;
    }

    /// <summary>The settings.</summary>
    public GanSettings Settings { get; }

    /// <summary>None: each player has its own Adam, created on the first step (after the model is on its device).</summary>
    protected override optim.Optimizer? ConfigureOptimizer() => null;

    /// <summary>Both losses on one batch without updating anything (validation).</summary>
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = Labels(batch);
        var realLogits = _gan.Discriminate(batch.Inputs, labels);                        // (B)
        var fakeLogits = _gan.Discriminate(Fake(batch.Size, labels), labels);           // (B)
        var lossD = GanLoss.Discriminator(realLogits, fakeLogits, Settings.RealTarget);
        var lossG = GanLoss.Generator(fakeLogits, Settings.Objective);
        var values = Values(lossD.item<float>(), lossG.item<float>(), realLogits, fakeLogits);
        return (lossD, new StepResult(batch.Size, values));
    }

    /// <inheritdoc />
    public override StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        _generatorOptimizer ??= Adam(_gan.GeneratorParameters(), Settings.GeneratorLearningRate);
        _discriminatorOptimizer ??= Adam(_gan.DiscriminatorParameters(), Settings.DiscriminatorLearningRate);
        var labels = Labels(batch);
        double lossD = 0, lossG = 0;
        Tensor realLogits = null!, fakeLogits = null!;
        for (var k = 0; k < Settings.DiscriminatorSteps; k++)
        {
            // D ascends log D(x) + log(1 − D(G(z))): G's samples are constants here (detached).
            Tensor fake;
            using (no_grad())
                fake = Fake(batch.Size, labels);
            realLogits = _gan.Discriminate(batch.Inputs, labels);
            fakeLogits = _gan.Discriminate(fake, labels);
            var loss = GanLoss.Discriminator(realLogits, fakeLogits, Settings.RealTarget);
            lossD = Finite(loss, "discriminator", context);
            Update(_discriminatorOptimizer, loss, _gan.DiscriminatorParameters(), context);
        }
        // G descends its objective through D; D's weights need no gradient meanwhile (a third of D's backward saved).
        SetRequiresGrad(_gan.DiscriminatorParameters(), false);
        try
        {
            for (var k = 0; k < Settings.GeneratorSteps; k++)
            {
                var loss = GanLoss.Generator(_gan.Discriminate(Fake(batch.Size, labels), labels), Settings.Objective);
                lossG = Finite(loss, "generator", context);
                Update(_generatorOptimizer, loss, _gan.GeneratorParameters(), context);
                _gan.UpdateAverage();
            }
        }
        finally
        {
            SetRequiresGrad(_gan.DiscriminatorParameters(), true);
        }
        return new StepResult(batch.Size, Values(lossD, lossG, realLogits, fakeLogits));
    }

    private static void SetRequiresGrad(IEnumerable<TorchSharp.Modules.Parameter> parameters, bool value)
    {
        foreach (var parameter in parameters)
            parameter.requires_grad = value;
    }

    private Tensor? Labels(Batch batch) => _gan.Classes > 0 ? batch.Targets : null;

    private Tensor Fake(int count, Tensor? labels) => _gan.Generate(_gan.SampleLatent(count, _noise), labels);

    private optim.Optimizer Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate) =>
        optim.Adam(parameters, learningRate, Settings.Beta1, Settings.Beta2);

    private double Finite(Tensor loss, string player, TrainingContext context)
    {
        var value = loss.item<float>();
        if (!float.IsFinite(value))
            throw new GanDivergedException(
                $"GAN training diverged at step {context.GlobalStep} (epoch {context.Epoch}): the {player}'s loss is {value}. " +
                "Nothing was updated with it; lower the learning rates or change the architecture, then train again.");
        return value;
    }

    private static void Update(optim.Optimizer optimizer, Tensor loss, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingContext context)
    {
        optimizer.zero_grad();
        loss.backward();
        // A finite loss with non-finite gradients (see Learner.TrainingStep) is skipped rather than applied.
        if (!double.IsFinite(nn.utils.clip_grad_norm_(parameters, double.PositiveInfinity)))
        {
            optimizer.zero_grad();
            context.SkippedSteps++;
            return;
        }
        optimizer.step();
    }

    private static Dictionary<string, double> Values(double lossD, double lossG, Tensor realLogits, Tensor fakeLogits) => new()
    {
        [MetricNames.Loss] = lossD,
        [LossD] = lossD,
        [LossG] = lossG,
        [DReal] = realLogits.detach().sigmoid().mean().item<float>(),
        [DFake] = fakeLogits.detach().sigmoid().mean().item<float>(),
    };
}
