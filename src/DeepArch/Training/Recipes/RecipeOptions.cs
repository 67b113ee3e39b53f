using DeepArch.Runtime;

namespace DeepArch.Training.Recipes;

/// <summary>How to run a <see cref="Recipe"/>; every <c>null</c> means the recipe's default.</summary>
public sealed record RecipeOptions
{
    /// <summary>Data root holding the real dataset (see <see cref="Data.DataRoot"/>); <c>null</c> for the default one.</summary>
    public string? DataRoot { get; init; }

    /// <summary>
    /// Download the real dataset when it is missing. Off by default: downloads are tens of megabytes, and classes,
    /// tests and CI must run offline; <c>deeparch datasets fetch NAME</c> fetches a dataset once, explicitly.
    /// </summary>
    public bool Download { get; init; }

    /// <summary>
    /// Train on this many synthetic images (and a quarter as many test images) of the real dataset's size instead of
    /// the real dataset: the same model and loop, offline and in seconds, for smoke tests.
    /// </summary>
    public int? SyntheticSamples { get; init; }

    /// <summary>Total epochs to reach (a resumed run counts the checkpoint's epochs).</summary>
    public int? Epochs { get; init; }

    /// <summary>Samples per training batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Peak learning rate of the one-cycle schedule.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Device name (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>); <c>null</c> chooses as <see cref="Devices.Select"/> does.</summary>
    public string? Device { get; init; }

    /// <summary>Seed of the initial weights, the data order and augmentation.</summary>
    public int Seed { get; init; } = Seeding.DefaultSeed;

    /// <summary>Where to write the checkpoint after every epoch; <c>null</c> writes none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Load <see cref="CheckpointPath"/> first and continue from its epoch.</summary>
    public bool Resume { get; init; }
}
