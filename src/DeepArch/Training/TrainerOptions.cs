using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>How a <see cref="Trainer"/> runs.</summary>
public sealed record TrainerOptions
{
    /// <summary>Number of passes over the training data.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Device to train on; <c>null</c> chooses with <see cref="Runtime.Devices.Select"/>.</summary>
    public Device? Device { get; init; }

    /// <summary>Maximum global L2 norm of the gradients (<c>clip_grad_norm_</c>); <c>null</c> disables clipping.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>Raise <see cref="Trainer.StepCompleted"/> every this many steps (and on the last step of an epoch).</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>Stop an epoch after this many steps (smoke runs, benchmarks); <c>null</c> runs whole epochs.</summary>
    public int? MaxStepsPerEpoch { get; init; }
}
