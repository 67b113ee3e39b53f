using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>A recipe whose trained model generates text; <c>deeparch sample</c> draws from it.</summary>
public interface ITextGenerator
{
    /// <summary>
    /// Continues <see cref="SampleRequest.Prompt"/> with <see cref="SampleRequest.Length"/> characters or tokens
    /// drawn from <paramref name="model"/> (this recipe's model, trained) at <see cref="SampleRequest.Temperature"/>.
    /// </summary>
    /// <returns>The prompt followed by the generated text.</returns>
    string Generate(nn.Module<Tensor, Tensor> model, SampleRequest request);
}
