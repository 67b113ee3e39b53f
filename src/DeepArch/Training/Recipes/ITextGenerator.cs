using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>A recipe whose trained model generates text; <c>deeparch sample</c> draws from it.</summary>
public interface ITextGenerator
{
    /// <summary>
    /// Text from <see cref="SampleRequest.Prompt"/> with <paramref name="model"/> (this recipe's model, trained): a
    /// language model continues it with <see cref="SampleRequest.Length"/> characters or tokens drawn at
    /// <see cref="SampleRequest.Temperature"/>; a translator translates it.
    /// </summary>
    /// <returns>The prompt followed by its continuation, or the prompt's translation.</returns>
    string Generate(nn.Module<Tensor, Tensor> model, SampleRequest request);
}
