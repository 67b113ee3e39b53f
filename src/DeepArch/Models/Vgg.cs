using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="Vgg"/>.</summary>
/// <param name="Layers">
/// The convolutional part as in Table 1 of the paper: a channel count for each 3×3 convolution (padding 1, then ReLU)
/// and <c>M</c> for each 2×2 max pooling, separated by spaces, e.g. <c>"64 M 128 M 256 256 M 512 512 M 512 512 M"</c>.
/// </param>
/// <param name="BatchNorm">Batch normalization after each convolution (not in the 2014 paper, which predates it).</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputChannels">3 for RGB images.</param>
/// <param name="PooledSize">Side of the adaptive average pooling before the classifier (7 for ImageNet).</param>
/// <param name="Hidden">Width of the two hidden fully connected layers (4096 in the paper).</param>
/// <param name="Dropout">Dropout probability after each hidden fully connected layer.</param>
public sealed record VggConfig(
    string Layers,
    bool BatchNorm = false,
    int Classes = 1000,
    int InputChannels = 3,
    int PooledSize = 7,
    int Hidden = 4096,
    double Dropout = 0.5)
{
    /// <summary>VGG-11 (configuration A): 132,863,336 parameters without batch normalization.</summary>
    public static VggConfig Vgg11(bool batchNorm = false, int classes = 1000) =>
        new("64 M 128 M 256 256 M 512 512 M 512 512 M", batchNorm, classes);

    /// <summary>VGG-13 (configuration B): 133,047,848 parameters without batch normalization.</summary>
    public static VggConfig Vgg13(bool batchNorm = false, int classes = 1000) =>
        new("64 64 M 128 128 M 256 256 M 512 512 M 512 512 M", batchNorm, classes);

    /// <summary>VGG-16 (configuration D): 138,357,544 parameters without batch normalization.</summary>
    public static VggConfig Vgg16(bool batchNorm = false, int classes = 1000) =>
        new("64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M", batchNorm, classes);

    /// <summary>VGG-19 (configuration E): 143,667,240 parameters without batch normalization.</summary>
    public static VggConfig Vgg19(bool batchNorm = false, int classes = 1000) =>
        new("64 64 M 128 128 M 256 256 256 256 M 512 512 512 512 M 512 512 512 512 M", batchNorm, classes);

    /// <summary>
    /// A small VGG for 32×32 images (CIFAR-10, shapes) that trains on a laptop CPU: six convolutions in three blocks
    /// (32-32, 64-64, 128-128) with batch normalization, global average pooling, and a 256-wide classifier.
    /// </summary>
    public static VggConfig Small(int classes = 10, int inputChannels = 3) =>
        new("32 32 M 64 64 M 128 128 M", BatchNorm: true, classes, inputChannels, PooledSize: 1, Hidden: 256);
}

/// <summary>
/// VGG (Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015): stacks
/// of 3×3 convolutions — two of them see a 5×5 field with fewer parameters and one more non-linearity — separated by
/// 2×2 max pooling, then three fully connected layers. The ImageNet configurations are layer for layer those of
/// torchvision (VGG-16: 138,357,544 parameters, 89 % of them in the classifier). Input at least 2^(number of poolings)
/// pixels a side (32 for the ImageNet configurations, which expect 224×224).
/// </summary>
public sealed class Vgg : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly long _minSize;

    /// <summary>Builds the network from <paramref name="config"/>, e.g. <c>new Vgg(VggConfig.Vgg16())</c>.</summary>
    /// <exception cref="ArgumentException"><see cref="VggConfig.Layers"/> is not a list of channel counts and M.</exception>
    public Vgg(VggConfig config) : base(nameof(Vgg))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        var layers = new List<Module<Tensor, Tensor>>();
        var channels = (long)config.InputChannels;
        var pools = 0;
        var convolutions = 0;
        foreach (var token in config.Layers.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token == "M")
            {
                layers.Add(MaxPool2d(kernel_size: 2, stride: 2));
                pools++;
            }
            else if (int.TryParse(token, out var width) && width > 0)
            {
                layers.Add(Conv2d(channels, width, kernel_size: 3, padding: 1));
                if (config.BatchNorm)
                    layers.Add(BatchNorm2d(width));
                layers.Add(ReLU());
                channels = width;
                convolutions++;
            }
            else
                throw new ArgumentException(
                    $"VGG layers are channel counts and M (max pooling), e.g. \"64 M 128 M\"; '{token}' is neither.", nameof(config));
        }
        if (convolutions == 0)
            throw new ArgumentException($"VGG layers need at least one convolution; got \"{config.Layers}\".", nameof(config));
        _minSize = 1L << pools;
        features = Sequential(layers);
        avgpool = AdaptiveAvgPool2d(config.PooledSize);
        classifier = Sequential(
            Linear(channels * config.PooledSize * config.PooledSize, config.Hidden), ReLU(), Dropout(config.Dropout),
            Linear(config.Hidden, config.Hidden), ReLU(), Dropout(config.Dropout),
            Linear(config.Hidden, config.Classes));
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The configuration the network was built with.</summary>
    public VggConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(Vgg), Config.InputChannels, _minSize);
        using var scope = NewDisposeScope();
        var h = features.call(x);                            // (B, C, H/2^pools, W/2^pools): (B, 512, 7, 7) at 224×224
        h = avgpool.call(h).flatten(1);                      // (B, C·P·P)
        return classifier.call(h).MoveToOuterDisposeScope(); // (B, classes)
    }

    // As torchvision: He initialization (fan-out) for convolutions, N(0, 0.01) for the classifier, zero biases.
    private void InitializeWeights()
    {
        Initialization.HeNormal(this);
        using var noGrad = no_grad();
        foreach (var linear in classifier.modules().OfType<Linear>())
        {
            init.normal_(linear.weight, 0, 0.01);
            init.zeros_(linear.bias!);
        }
    }
}
