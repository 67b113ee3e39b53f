namespace DeepArch.Training.Recipes;

/// <summary>What a recipe run reached.</summary>
/// <param name="Recipe">The recipe's name.</param>
/// <param name="Dataset">The dataset's catalogue name.</param>
/// <param name="Synthetic">Whether it trained on synthetic stand-in data.</param>
/// <param name="TrainSamples">Training images.</param>
/// <param name="TestSamples">Test images.</param>
/// <param name="StartEpoch">Epochs already done when the run started (from a checkpoint), 0 for a fresh run.</param>
/// <param name="Epochs">Epochs done when it ended, resumed ones included.</param>
/// <param name="Seconds">Wall-clock time of this run's training and evaluation.</param>
/// <param name="FinalTrainLoss">Mean training loss of the last epoch.</param>
/// <param name="Test">Test-set metrics after the last epoch, e.g. <c>loss</c>, <c>accuracy</c> or <c>iou</c>.</param>
/// <param name="History">The epochs of this run (empty when the checkpoint had already reached the epochs asked for).</param>
public sealed record RecipeResult(
    string Recipe, string Dataset, bool Synthetic, long TrainSamples, long TestSamples, int StartEpoch, int Epochs,
    double Seconds, double FinalTrainLoss, IReadOnlyDictionary<string, double> Test, TrainingHistory History)
{
    /// <summary>
    /// Further figures measured on the trained model, by snake_case name, e.g. a generative recipe's
    /// <c>test_loss_nats</c> and yardstick figures (<c>yardstick_confident_share</c>, …); empty for most recipes.
    /// </summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// For sequence models, tokens trained on per second of <see cref="Seconds"/> (validation passes included);
    /// <c>null</c> for the others or when nothing was trained.
    /// </summary>
    public double? TokensPerSecond { get; init; }
}
