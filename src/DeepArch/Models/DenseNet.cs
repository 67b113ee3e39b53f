using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="DenseNet"/> (the DenseNet-BC variant: bottlenecks and compression).</summary>
/// <param name="GrowthRate">k: feature maps each dense layer adds (32 for DenseNet-121).</param>
/// <param name="Blocks">Dense layers in each dense block (6, 12, 24, 16 for DenseNet-121).</param>
/// <param name="InitialFeatures">Channels of the 7×7 stem convolution (2k = 64).</param>
/// <param name="BottleneckFactor">A dense layer's 1×1 bottleneck outputs this many times k channels (4).</param>
/// <param name="Compression">θ: a transition layer keeps ⌊θ·m⌋ of its m feature maps (0.5).</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputChannels">3 for RGB images.</param>
public sealed record DenseNetConfig(
    int GrowthRate,
    IReadOnlyList<int> Blocks,
    int InitialFeatures = 64,
    int BottleneckFactor = 4,
    double Compression = 0.5,
    int Classes = 1000,
    int InputChannels = 3)
{
    /// <summary>DenseNet-121: k = 32, blocks of 6, 12, 24, 16 layers; 7,978,856 parameters, about 2.9 GMACs at 224×224.</summary>
    public static DenseNetConfig DenseNet121(int classes = 1000) => new(32, [6, 12, 24, 16], Classes: classes);
}

/// <summary>
/// DenseNet (Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks", CVPR 2017): inside a
/// dense block each layer receives the concatenation of all earlier feature maps, x_ℓ = H_ℓ([x_0, …, x_{ℓ−1}])
/// (eq. 2), so a block of L layers has L(L+1)/2 connections and each layer only adds k new maps. H_ℓ is
/// BN-ReLU-conv1×1 (4k maps)-BN-ReLU-conv3×3 (k maps); transition layers (BN-ReLU-conv1×1-avgpool 2×2) between
/// blocks halve the resolution and compress the width by θ. Layer for layer torchvision's definition (DenseNet-121:
/// 7,978,856 parameters). Input at least 29×29 (224×224 for ImageNet).
/// </summary>
public sealed class DenseNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly ReLU relu;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear classifier;

    /// <summary>Builds the network, e.g. <c>new DenseNet(DenseNetConfig.DenseNet121())</c>.</summary>
    /// <exception cref="ArgumentException">The configuration has no block, or an empty one, or θ outside (0, 1].</exception>
    public DenseNet(DenseNetConfig config) : base(nameof(DenseNet))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Blocks.Count == 0 || config.Blocks.Any(n => n < 1))
            throw new ArgumentException($"A DenseNet needs dense blocks of at least one layer; got [{string.Join(", ", config.Blocks)}].", nameof(config));
        if (config.Compression is <= 0 or > 1)
            throw new ArgumentException($"The compression θ lies in (0, 1]; got {config.Compression}.", nameof(config));
        Config = config;
        var stem = new List<(string, Module<Tensor, Tensor>)>
        {
            ("conv0", Conv2d(config.InputChannels, config.InitialFeatures, kernel_size: 7, stride: 2, padding: 3, bias: false)),
            ("norm0", BatchNorm2d(config.InitialFeatures)),
            ("relu0", ReLU()),
            ("pool0", MaxPool2d(kernel_size: 3, stride: 2, padding: 1)),
        };
        var channels = config.InitialFeatures;
        for (var b = 0; b < config.Blocks.Count; b++)
        {
            var block = new DenseBlock(channels, config.Blocks[b], config.GrowthRate, config.BottleneckFactor);
            stem.Add(($"denseblock{b + 1}", block));
            channels += config.Blocks[b] * config.GrowthRate;
            if (b == config.Blocks.Count - 1)
                break;
            var compressed = (int)Math.Floor(config.Compression * channels);
            stem.Add(($"transition{b + 1}", new Transition(channels, compressed)));
            channels = compressed;
        }
        stem.Add(("norm5", BatchNorm2d(channels)));
        features = Sequential(stem);
        relu = ReLU();
        avgpool = AdaptiveAvgPool2d(1);
        classifier = Linear(channels, config.Classes);
        RegisterComponents();
        // As torchvision: He initialization (fan-in) for convolutions, zero bias for the classifier.
        Initialization.HeNormal(this, init.FanInOut.FanIn);
        using var noGrad = no_grad();
        init.zeros_(classifier.bias!);
    }

    /// <summary>The configuration the network was built with.</summary>
    public DenseNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(DenseNet), Config.InputChannels, minSize: 29);
        using var scope = NewDisposeScope();
        var h = relu.call(features.call(x));                 // (B, 1024, H/32, W/32) for DenseNet-121
        h = avgpool.call(h).flatten(1);                      // (B, 1024)
        return classifier.call(h).MoveToOuterDisposeScope(); // (B, classes)
    }
}

/// <summary>L dense layers; layer ℓ sees the block input and the k maps of every earlier layer.</summary>
internal sealed class DenseBlock : Module<Tensor, Tensor>
{
    private readonly ModuleList<DenseLayer> layers;

    public DenseBlock(int inChannels, int count, int growthRate, int bottleneckFactor) : base(nameof(DenseBlock))
    {
        layers = ModuleList(Enumerable.Range(0, count)
            .Select(i => new DenseLayer(inChannels + i * growthRate, growthRate, bottleneckFactor))
            .ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var maps = new List<Tensor> { x };                      // x_0: (B, C_0, H, W)
        foreach (var layer in layers)
            maps.Add(layer.call(cat(maps, 1)));                 // x_ℓ = H_ℓ([x_0, …, x_{ℓ−1}]): (B, k, H, W)
        return cat(maps, 1).MoveToOuterDisposeScope();         // (B, C_0 + L·k, H, W)
    }
}

/// <summary>H_ℓ of DenseNet-B: BN-ReLU-conv1×1 to a 4k-map bottleneck, BN-ReLU-conv3×3 to k maps.</summary>
internal sealed class DenseLayer : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d norm1;
    private readonly ReLU relu1;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm2;
    private readonly ReLU relu2;
    private readonly Conv2d conv2;

    public DenseLayer(int inChannels, int growthRate, int bottleneckFactor) : base(nameof(DenseLayer))
    {
        var width = bottleneckFactor * growthRate;
        norm1 = BatchNorm2d(inChannels);
        relu1 = ReLU();
        conv1 = Conv2d(inChannels, width, kernel_size: 1, bias: false);
        norm2 = BatchNorm2d(width);
        relu2 = ReLU();
        conv2 = Conv2d(width, growthRate, kernel_size: 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv1.call(relu1.call(norm1.call(x)));               // (B, 4k, H, W)
        return conv2.call(relu2.call(norm2.call(h))).MoveToOuterDisposeScope(); // (B, k, H, W)
    }
}

/// <summary>Between dense blocks: BN-ReLU-conv1×1 (compression θ) and 2×2 average pooling.</summary>
internal sealed class Transition : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d norm;
    private readonly ReLU relu;
    private readonly Conv2d conv;
    private readonly AvgPool2d pool;

    public Transition(int inChannels, int outChannels) : base(nameof(Transition))
    {
        norm = BatchNorm2d(inChannels);
        relu = ReLU();
        conv = Conv2d(inChannels, outChannels, kernel_size: 1, bias: false);
        pool = AvgPool2d(kernel_size: 2, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv.call(relu.call(norm.call(x)));        // (B, ⌊θ·m⌋, H, W)
        return pool.call(h).MoveToOuterDisposeScope();     // (B, ⌊θ·m⌋, H/2, W/2)
    }
}
