namespace DeepArch.Training.Recipes;

/// <summary>The settings a recipe was tuned with.</summary>
/// <param name="Epochs">Epochs of a full run.</param>
/// <param name="BatchSize">Samples per training batch.</param>
/// <param name="LearningRate">Peak learning rate of the one-cycle schedule (AdamW).</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay.</param>
public sealed record RecipeDefaults(int Epochs, int BatchSize, double LearningRate, double WeightDecay);
