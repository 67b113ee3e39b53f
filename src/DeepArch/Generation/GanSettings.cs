namespace DeepArch.Generation;

/// <summary>How <see cref="GanLearner"/> trains the two players; the defaults are the DCGAN paper's (Adam, 2e-4, β₁ = 0.5).</summary>
public sealed record GanSettings
{
    /// <summary>Adam's learning rate for the generator.</summary>
    public double GeneratorLearningRate { get; init; } = 2e-4;

    /// <summary>Adam's learning rate for the discriminator; raise it above the generator's to make the discriminator too strong.</summary>
    public double DiscriminatorLearningRate { get; init; } = 2e-4;

    /// <summary>Adam's β₁; the DCGAN paper lowers it from 0.9 to 0.5, which steadies the game.</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's β₂.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>What the generator minimises.</summary>
    public GanObjective Objective { get; init; } = GanObjective.NonSaturating;

    /// <summary>Target of real samples in the discriminator's loss: 1, or 0.9 for one-sided label smoothing.</summary>
    public double RealTarget { get; init; } = 1.0;

    /// <summary>Discriminator updates per training step (the k of Goodfellow et al.'s Algorithm 1).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>Generator updates per training step.</summary>
    public int GeneratorSteps { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GeneratorLearningRate, nameof(GeneratorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DiscriminatorLearningRate, nameof(DiscriminatorLearningRate));
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(Beta1), $"Adam's betas must lie in [0, 1); got {Beta1} and {Beta2}.");
        if (RealTarget is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(RealTarget), RealTarget, "The real samples' target must lie in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(DiscriminatorSteps, 1, nameof(DiscriminatorSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(GeneratorSteps, 1, nameof(GeneratorSteps));
    }
}
