using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>What the trainer hands to <see cref="Learner.TrainingStep"/>: the device, the optimizer and gradient clipping.</summary>
public sealed class TrainingContext
{
    private readonly double? _clipNorm;

    internal TrainingContext(Device device, optim.Optimizer? optimizer, double? clipNorm)
    {
        Device = device;
        Optimizer = optimizer;
        _clipNorm = clipNorm;
    }

    /// <summary>The device the model and batches are on.</summary>
    public Device Device { get; }

    /// <summary>The learner's optimizer, or <c>null</c> for learners that manage their own (GANs).</summary>
    public optim.Optimizer? Optimizer { get; }

    /// <summary>Current epoch, from 1.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Steps taken since training started, from 1.</summary>
    public long GlobalStep { get; internal set; }

    /// <summary>Steps whose update was skipped because the gradients were not finite for a finite loss (see <see cref="Learner.TrainingStep"/>).</summary>
    public long SkippedSteps { get; set; }

    /// <summary>
    /// Rescales the gradients of <paramref name="module"/>'s parameters so their global L2 norm is at most the
    /// trainer's <see cref="TrainerOptions.GradientClipNorm"/> (left as they are when unset), and returns that norm
    /// as it was before: NaN or infinity when a gradient is not finite. One native call over all the gradients. Call
    /// between <c>backward()</c> and <c>step()</c>; a GAN clips its generator and discriminator separately.
    /// </summary>
    public double ClipGradients(nn.Module module) =>
        nn.utils.clip_grad_norm_(module.parameters(), _clipNorm ?? double.PositiveInfinity);
}
