using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>
/// The weight initializations the reference implementations use, so a network trained from scratch here starts
/// where the paper's did (a deep plain network, in particular, does not train at all from a poor start).
/// </summary>
internal static class Initialization
{
    /// <summary>
    /// He et al., "Delving Deep into Rectifiers" (ICCV 2015): convolution weights ~ N(0, 2 / fan), fan = k²·C_out
    /// (fan-out, as torchvision's ResNet, VGG and EfficientNet) or k²·C_in/groups (fan-in, as its DenseNet);
    /// convolution biases zero. Batch normalization keeps TorchSharp's γ = 1, β = 0.
    /// </summary>
    public static void HeNormal(Module root, init.FanInOut mode = init.FanInOut.FanOut)
    {
        using var noGrad = no_grad();
        foreach (var conv in root.modules().OfType<Convolution>())
        {
            init.kaiming_normal_(conv.weight, mode: mode, nonlinearity: init.NonlinearityType.ReLU);
            if (conv.bias is { } bias)
                init.zeros_(bias);
        }
    }
}
