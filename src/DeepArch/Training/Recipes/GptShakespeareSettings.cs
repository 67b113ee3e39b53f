using DeepArch.Transformers;

namespace DeepArch.Training.Recipes;

/// <summary>The model and batches of the <c>gpt-shakespeare</c> recipe, for benchmarks and notebooks.</summary>
public static class GptShakespeareSettings
{
    /// <summary>The recipe's model.</summary>
    public static GptConfig Model => GptShakespeare.ModelConfig;

    /// <summary>Windows per training batch.</summary>
    public static int BatchSize => new GptShakespeare().Defaults.BatchSize;
}
