namespace DeepArch.Training.Recipes;

/// <summary>The data a recipe trains on, with whatever owns its tensors.</summary>
/// <param name="Module">Training batches, and the test set as validation batches.</param>
/// <param name="TrainSamples">Training images.</param>
/// <param name="TestSamples">Test images.</param>
/// <param name="Synthetic">Whether these are synthetic stand-ins for the recipe's dataset.</param>
/// <param name="Owners">Datasets and tensors to release with the data.</param>
internal sealed record RecipeData(DataModule Module, long TrainSamples, long TestSamples, bool Synthetic, IReadOnlyList<IDisposable> Owners);
