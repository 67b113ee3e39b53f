using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// A model together with what it takes to train it: loss, metrics and optimizer (d2l's <c>Module</c>; the name
/// avoids a clash with <c>torch.nn.Module</c>). The default <see cref="TrainingStep"/> is the classic
/// forward / backward / clip / step; models with their own step (GANs, diffusion) override it and still use the
/// same <see cref="Trainer"/>.
/// </summary>
public abstract class Learner
{
    private optim.Optimizer? _optimizer;
    private bool _optimizerConfigured;

    /// <summary>Wraps <paramref name="model"/>; the learner does not own it.</summary>
    protected Learner(nn.Module model) => Model = model;

    /// <summary>The network being trained (all of it, for GANs: a container of generator and discriminator).</summary>
    public nn.Module Model { get; }

    /// <summary>Learning rate of the default optimizer.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimizer, created on first use after the model is on its device.</summary>
    public optim.Optimizer? Optimizer
    {
        get
        {
            if (!_optimizerConfigured)
            {
                _optimizer = ConfigureOptimizer();
                _optimizerConfigured = true;
            }
            return _optimizer;
        }
    }

    /// <summary>Creates the optimizer (Adam by default); return <c>null</c> when <see cref="TrainingStep"/> manages its own.</summary>
    protected virtual optim.Optimizer? ConfigureOptimizer() => optim.Adam(Model.parameters(), LearningRate);

    /// <summary>
    /// A learning-rate schedule for <paramref name="optimizer"/>, or <c>null</c> for a constant rate. Use TorchSharp's
    /// schedulers (<c>torch.optim.lr_scheduler.StepLR</c>, <c>OneCycleLR</c>, …).
    /// </summary>
    /// <param name="optimizer">The optimizer from <see cref="ConfigureOptimizer"/>.</param>
    /// <param name="epochs">Epochs the trainer will run.</param>
    /// <param name="stepsPerEpoch">Batches per epoch when the data module knows it.</param>
    public virtual LearningRateSchedule? ConfigureSchedule(optim.Optimizer optimizer, int epochs, int? stepsPerEpoch) => null;

    /// <summary>Computes the loss (a scalar tensor with gradient) and the metrics of one batch.</summary>
    public abstract (Tensor Loss, StepResult Result) Forward(Batch batch);

    /// <summary>
    /// One optimisation step on <paramref name="batch"/>; the trainer has put the model in training mode. A step whose
    /// loss is finite but whose gradients are not is skipped and counted in <see cref="TrainingContext.SkippedSteps"/>:
    /// TorchSharp 0.107's CPU convolution backward now and then returns NaN gradients for a finite loss (about once in a
    /// thousand LeNet-5 steps), and applying one would turn every weight into NaN. A non-finite loss is not skipped, so a
    /// genuinely diverging run still shows as one.
    /// </summary>
    public virtual StepResult TrainingStep(Batch batch, TrainingContext context)
    {
        var optimizer = context.Optimizer
            ?? throw new InvalidOperationException($"{GetType().Name} has no optimizer: override ConfigureOptimizer or TrainingStep.");
        var (loss, result) = Forward(batch);
        optimizer.zero_grad();
        loss.backward();
        // The gradient norm comes with clipping, at no extra cost; the loss is read only in the rare bad case.
        if (!double.IsFinite(context.ClipGradients(Model)) && loss.isfinite().item<bool>())
        {
            optimizer.zero_grad();
            context.SkippedSteps++;
            return result;
        }
        optimizer.step();
        return result;
    }

    /// <summary>Evaluates one batch; the trainer has put the model in evaluation mode and disabled gradients.</summary>
    public virtual StepResult ValidationStep(Batch batch) => Forward(batch).Result;
}
