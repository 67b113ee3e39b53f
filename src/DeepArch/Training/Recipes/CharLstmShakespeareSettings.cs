using DeepArch.Sequences;

namespace DeepArch.Training.Recipes;

/// <summary>The model and windows of the <c>charlstm-shakespeare</c> recipe, for benchmarks and notebooks.</summary>
public static class CharLstmShakespeareSettings
{
    /// <summary>The recipe's model: 65 characters, embeddings of 64, one LSTM layer of 512 units.</summary>
    public static CharLanguageModelConfig Model => CharLstmShakespeare.ModelConfig;

    /// <summary>Characters per training window T (how far back gradients flow).</summary>
    public const int WindowLength = CharLstmShakespeare.WindowLength;
}
