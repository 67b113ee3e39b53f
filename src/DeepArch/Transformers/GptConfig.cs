namespace DeepArch.Transformers;

/// <summary>The shape of a <see cref="Gpt"/> (nanoGPT's <c>GPTConfig</c>, without dropout: at this scale it only slows learning).</summary>
/// <param name="VocabularySize">Tokens V.</param>
/// <param name="ContextLength">Positions T the model sees at once (nanoGPT's block size).</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Width">Token width d_model.</param>
/// <param name="Causal">
/// <c>true</c> for a decoder (GPT: position t sees positions ≤ t); <c>false</c> for a bidirectional encoder (BERT: every
/// position sees all), trained with a masked-token objective instead.
/// </param>
public sealed record GptConfig(int VocabularySize, int ContextLength = 64, int Layers = 4, int Heads = 4, int Width = 128, bool Causal = true);
