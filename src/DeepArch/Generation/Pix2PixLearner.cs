using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Trains <see cref="Pix2Pix"/> on (condition, target) pairs — <see cref="Batch.Inputs"/> and <see cref="Batch.Targets"/>
/// — with the paper's objective (eq. 4): G* = arg min_G max_D L_cGAN(G, D) + λ·L_L1(G), the non-saturating form for G,
/// the discriminator's loss on patches averaged, each player with Adam (2e-4, β₁ = 0.5). Metrics: <c>loss_d</c>,
/// <c>loss_g</c> (adversarial part), <c>l1</c> (mean absolute pixel error against the target, also <c>loss</c>) and
/// <c>iou</c>, the intersection over union of the foreground (pixels whose brightest channel exceeds ½) of the
/// translation and of the target. A NaN or infinite loss throws <see cref="GanDivergedException"/> before any update.
/// </summary>
public sealed class Pix2PixLearner : Learner
{
    /// <summary>Metric: mean absolute error per pixel and channel against the target.</summary>
    public const string L1 = "l1";

    /// <summary>Metric: intersection over union of translated and target foregrounds.</summary>
    public const string IoU = "iou";

    private readonly Pix2Pix _model;
    private optim.Optimizer? _generatorOptimizer;
    private optim.Optimizer? _discriminatorOptimizer;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    /// <param name="model">Generator and discriminator.</param>
    /// <param name="learningRate">Adam's rate for both players.</param>
    /// <param name="lambda">Weight λ of the L1 term (100 in the paper).</param>
    public Pix2PixLearner(Pix2Pix model, double learningRate = 2e-4, double lambda = 100) : base(model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(lambda);
        _model = model;
        LearningRate = learningRate;
        Lambda = lambda;
    }

    /// <summary>Weight of the L1 term.</summary>
    public double Lambda { get; }

    /// <summary>None: each player has its own Adam, created on the first step.</summary>
    protected override optim.Optimizer? ConfigureOptimizer() => null;

    /// <summary>
    /// Foreground IoU of two image batches <c>[B, C, H, W]</c> in [0, 1]: a pixel is foreground when its brightest
    /// channel exceeds ½; the intersection and union are summed over the whole batch.
    /// </summary>
    public static double ForegroundIoU(Tensor translated, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(translated);
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        var a = translated.amax([1]).gt(0.5);                                            // (B, H, W)
        var b = target.amax([1]).gt(0.5);                                                // (B, H, W)
        var union = a.logical_or(b).sum().item<long>();
        return union == 0 ? 1.0 : a.logical_and(b).sum().item<long>() / (double)union;
    }

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (condition, target) = (batch.Inputs, batch.Targets);
        var fake = _model.call(condition);                                               // (B, C_out, H, W)
        var l1 = (fake - target).abs().mean();
        var lossD = GanLoss.Discriminator(_model.Discriminate(condition, target), _model.Discriminate(condition, fake));
        var lossG = GanLoss.Generator(_model.Discriminate(condition, fake));
        return (l1, new StepResult(batch.Size, Values(lossD.item<float>(), lossG.item<float>(), l1.item<float>(), fake, target)));
    }

    /// <inheritdoc />
    public override StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        _generatorOptimizer ??= optim.Adam(_model.GeneratorParameters(), LearningRate, 0.5, 0.999);
        _discriminatorOptimizer ??= optim.Adam(_model.DiscriminatorParameters(), LearningRate, 0.5, 0.999);
        var (condition, target) = (batch.Inputs, batch.Targets);
        var fake = _model.call(condition);                                               // (B, C_out, H, W)

        // D: real pairs towards 1, (condition, G(condition)) towards 0, G's output held constant.
        var lossD = GanLoss.Discriminator(_model.Discriminate(condition, target), _model.Discriminate(condition, fake.detach()));
        var dValue = Finite(lossD.item<float>(), "discriminator", context);
        Update(_discriminatorOptimizer, lossD, _model.DiscriminatorParameters(), context);

        // G: fool D patch by patch and stay close to the target in L1 (eq. 4); D's weights need no gradient meanwhile.
        SetRequiresGrad(_model.DiscriminatorParameters(), false);
        Tensor adversarial, l1;
        try
        {
            adversarial = GanLoss.Generator(_model.Discriminate(condition, fake));
            l1 = (fake - target).abs().mean();
            var lossG = adversarial + Lambda * l1;
            Finite(lossG.item<float>(), "generator", context);
            Update(_generatorOptimizer, lossG, _model.GeneratorParameters(), context);
        }
        finally
        {
            SetRequiresGrad(_model.DiscriminatorParameters(), true);
        }
        return new StepResult(batch.Size, Values(dValue, adversarial.item<float>(), l1.item<float>(), fake, target));
    }

    private static void SetRequiresGrad(IEnumerable<TorchSharp.Modules.Parameter> parameters, bool value)
    {
        foreach (var parameter in parameters)
            parameter.requires_grad = value;
    }

    private static double Finite(float value, string player, TrainingContext context) => float.IsFinite(value)
        ? value
        : throw new GanDivergedException(
            $"pix2pix training diverged at step {context.GlobalStep} (epoch {context.Epoch}): the {player}'s loss is {value}. " +
            "Nothing was updated with it; lower the learning rate, then train again.");

    private static void Update(optim.Optimizer optimizer, Tensor loss, IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingContext context)
    {
        optimizer.zero_grad();
        loss.backward();
        if (!double.IsFinite(nn.utils.clip_grad_norm_(parameters, double.PositiveInfinity)))
        {
            optimizer.zero_grad();
            context.SkippedSteps++;
            return;
        }
        optimizer.step();
    }

    private static Dictionary<string, double> Values(double lossD, double lossG, double l1, Tensor fake, Tensor target) => new()
    {
        [MetricNames.Loss] = l1,
        [GanLearner.LossD] = lossD,
        [GanLearner.LossG] = lossG,
        [L1] = l1,
        [IoU] = ForegroundIoU(fake.detach(), target),
    };
}
