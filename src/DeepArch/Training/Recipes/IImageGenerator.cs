using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>A recipe whose trained model generates images; <c>deeparch sample</c> draws from it.</summary>
public interface IImageGenerator
{
    /// <summary>
    /// Draws <see cref="SampleRequest.Count"/> images from <paramref name="model"/> (this recipe's model, trained).
    /// </summary>
    /// <returns>Images on the CPU, values in [0, 1], shape [N, C, H, W].</returns>
    Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request);
}
