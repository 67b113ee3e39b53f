using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="AlexNet"/>.</summary>
/// <param name="Classes">Number of output classes (1000 for ImageNet).</param>
/// <param name="InputChannels">3 for RGB images.</param>
/// <param name="Dropout">Dropout probability before each of the first two fully connected layers (0.5 in the paper).</param>
public sealed record AlexNetConfig(int Classes = 1000, int InputChannels = 3, double Dropout = 0.5);

/// <summary>
/// AlexNet (Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional Neural Networks",
/// NeurIPS 2012): five convolutions (11×11 stride 4, 5×5, then three 3×3) with ReLU and overlapping 3×3 max pooling,
/// then three fully connected layers with dropout. This is the single-tower variant of torchvision
/// (Krizhevsky, "One weird trick for parallelizing convolutional neural networks", 2014: 64-192-384-256-256 channels
/// instead of the two GPU halves of 2012), layer for layer: 61,100,840 parameters for 1000 classes, 96 % of them in the
/// fully connected layers. Input at least 63×63 (224×224 for ImageNet); an adaptive pooling brings any size to 6×6.
/// </summary>
public sealed class AlexNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    /// <summary>Builds the network from <paramref name="config"/> (defaults: ImageNet, 1000 classes).</summary>
    public AlexNet(AlexNetConfig? config = null) : base(nameof(AlexNet))
    {
        Config = config ?? new AlexNetConfig();
        features = Sequential(
            Conv2d(Config.InputChannels, 64, kernel_size: 11, stride: 4, padding: 2), ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(64, 192, kernel_size: 5, padding: 2), ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(192, 384, kernel_size: 3, padding: 1), ReLU(),
            Conv2d(384, 256, kernel_size: 3, padding: 1), ReLU(),
            Conv2d(256, 256, kernel_size: 3, padding: 1), ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2));
        avgpool = AdaptiveAvgPool2d(6);
        classifier = Sequential(
            Dropout(Config.Dropout), Linear(256 * 6 * 6, 4096), ReLU(),
            Dropout(Config.Dropout), Linear(4096, 4096), ReLU(),
            Linear(4096, Config.Classes));
        RegisterComponents();
    }

    /// <summary>The configuration the network was built with.</summary>
    public AlexNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(AlexNet), Config.InputChannels, minSize: 63);
        using var scope = NewDisposeScope();
        var h = features.call(x);                            // (B, 256, 6, 6) for 224×224 inputs
        h = avgpool.call(h).flatten(1);                      // (B, 256·6·6 = 9216)
        return classifier.call(h).MoveToOuterDisposeScope(); // (B, classes)
    }
}
