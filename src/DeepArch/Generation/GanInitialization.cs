using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>The DCGAN paper's initialisation (§4): weights from N(0, 0.02), batch-norm scales from N(1, 0.02), biases zero.</summary>
internal static class GanInitialization
{
    public static void Normal(Module root, Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var module in root.modules())
        {
            var (weight, bias, mean) = module switch
            {
                Convolution conv => (conv.weight, conv.bias, 0.0),
                Linear linear => (linear.weight, linear.bias, 0.0),
                BatchNorm1d norm => (norm.weight, norm.bias, 1.0),
                BatchNorm2d norm => (norm.weight, norm.bias, 1.0),
                _ => (null, null, 0.0),
            };
            if (weight is not null)
                weight.copy_(randn(weight.shape, generator: generator).mul_(0.02).add_(mean));
            bias?.zero_();
        }
    }
}
