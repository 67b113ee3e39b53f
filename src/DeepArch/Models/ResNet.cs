using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>The residual block a <see cref="ResNet"/> stacks.</summary>
public enum ResNetBlock
{
    /// <summary><see cref="BasicBlock"/>: two 3×3 convolutions (ResNet-18/34).</summary>
    Basic,

    /// <summary><see cref="Bottleneck"/>: 1×1 reduce, 3×3, 1×1 expand ×4 (ResNet-50/101/152).</summary>
    Bottleneck,
}

/// <summary>
/// How a residual block carries its input past its convolutions (He et al. 2015, §3.3, "Identity vs. projection
/// shortcuts"). When shapes match, every option except <see cref="None"/> is the identity.
/// </summary>
public enum Shortcut
{
    /// <summary>Option B: a 1×1 convolution with stride and batch normalization where the shape changes (torchvision, ImageNet).</summary>
    Projection,

    /// <summary>Option A: subsample by the stride and pad the new channels with zeros; no parameters (the paper's CIFAR networks).</summary>
    ZeroPadding,

    /// <summary>No shortcut: the "plain" network of the paper, for the degradation experiment.</summary>
    None,
}

/// <summary>Configuration of <see cref="ResNet"/>.</summary>
/// <param name="Block">The residual block of every stage.</param>
/// <param name="Layers">Number of blocks in each of the four stages (64, 128, 256, 512 channels before expansion).</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputChannels">3 for RGB images.</param>
public sealed record ResNetConfig(ResNetBlock Block, IReadOnlyList<int> Layers, int Classes = 1000, int InputChannels = 3)
{
    /// <summary>ResNet-18: basic blocks [2, 2, 2, 2], 11,689,512 parameters, about 1.8 GMACs at 224×224.</summary>
    public static ResNetConfig ResNet18(int classes = 1000) => new(ResNetBlock.Basic, [2, 2, 2, 2], classes);

    /// <summary>ResNet-34: basic blocks [3, 4, 6, 3], 21,797,672 parameters, about 3.7 GMACs at 224×224.</summary>
    public static ResNetConfig ResNet34(int classes = 1000) => new(ResNetBlock.Basic, [3, 4, 6, 3], classes);

    /// <summary>ResNet-50: bottleneck blocks [3, 4, 6, 3], 25,557,032 parameters, about 4.1 GMACs at 224×224.</summary>
    public static ResNetConfig ResNet50(int classes = 1000) => new(ResNetBlock.Bottleneck, [3, 4, 6, 3], classes);
}

/// <summary>
/// ResNet for ImageNet (He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1):
/// a 7×7 stride-2 convolution and a max pooling, four stages of residual blocks, each halving the resolution and
/// doubling the width (the first keeps both), global average pooling and one fully connected layer. Layer for layer
/// torchvision's definition, including its "v1.5" bottleneck that strides in the 3×3 rather than the first 1×1
/// convolution. Any input size works (the pooling is adaptive); the reference one is 224×224.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds the network from <paramref name="config"/>, e.g. <c>new ResNet(ResNetConfig.ResNet18())</c>.</summary>
    /// <exception cref="ArgumentException">The configuration does not give four stages of at least one block.</exception>
    public ResNet(ResNetConfig config) : base(nameof(ResNet))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Layers.Count != 4 || config.Layers.Any(n => n < 1))
            throw new ArgumentException(
                $"A ResNet has four stages of at least one block; got [{string.Join(", ", config.Layers)}].", nameof(config));
        Config = config;
        var expansion = config.Block == ResNetBlock.Basic ? BasicBlock.Expansion : Bottleneck.Expansion;
        conv1 = Conv2d(config.InputChannels, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        relu = ReLU();
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        layer1 = Stage(config.Block, 64, 64, config.Layers[0], stride: 1);
        layer2 = Stage(config.Block, 64 * expansion, 128, config.Layers[1], stride: 2);
        layer3 = Stage(config.Block, 128 * expansion, 256, config.Layers[2], stride: 2);
        layer4 = Stage(config.Block, 256 * expansion, 512, config.Layers[3], stride: 2);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(512 * expansion, config.Classes);
        RegisterComponents();
        Initialization.HeNormal(this);
    }

    /// <summary>The configuration the network was built with.</summary>
    public ResNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(ResNet), Config.InputChannels);
        using var scope = NewDisposeScope();
        var h = maxpool.call(relu.call(bn1.call(conv1.call(x)))); // (B, 64, H/4, W/4)
        h = layer1.call(h);                                       // (B, 64·e, H/4, W/4), e = 1 (basic) or 4 (bottleneck)
        h = layer2.call(h);                                       // (B, 128·e, H/8, W/8)
        h = layer3.call(h);                                       // (B, 256·e, H/16, W/16)
        h = layer4.call(h);                                       // (B, 512·e, H/32, W/32)
        h = avgpool.call(h).flatten(1);                           // (B, 512·e)
        return fc.call(h).MoveToOuterDisposeScope();              // (B, classes)
    }

    private static Sequential Stage(ResNetBlock block, int inChannels, int channels, int blocks, int stride)
    {
        var stage = new List<Module<Tensor, Tensor>>();
        for (var i = 0; i < blocks; i++)
        {
            // Only the first block of a stage changes resolution and width.
            stage.Add(block == ResNetBlock.Basic
                ? new BasicBlock(inChannels, channels, stride)
                : new Bottleneck(inChannels, channels, stride));
            inChannels = channels * (block == ResNetBlock.Basic ? BasicBlock.Expansion : Bottleneck.Expansion);
            stride = 1;
        }
        return Sequential(stage);
    }
}

/// <summary>
/// The basic residual block (He et al. 2015, Fig. 2 and Fig. 5 left): y = relu(F(x) + shortcut(x)) with
/// F = conv3×3 (stride) → BN → ReLU → conv3×3 → BN. Parameters: 9·C_in·C + 9·C·C convolution weights and 2·2·C for
/// the two batch normalizations, plus C_in·C + 2·C for a projection shortcut.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>channels</c>: 1.</summary>
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
    private readonly Shortcut _shortcut;
    private readonly long _stride;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="channels"/> channels.</summary>
    /// <param name="inChannels">Input channels C_in.</param>
    /// <param name="channels">Output channels C.</param>
    /// <param name="stride">2 to halve the resolution (first block of a stage), else 1.</param>
    /// <param name="shortcut">How the input reaches the output; see <see cref="Models.Shortcut"/>.</param>
    public BasicBlock(int inChannels, int channels, int stride = 1, Shortcut shortcut = Shortcut.Projection) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inChannels, channels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(channels);
        relu = ReLU();
        conv2 = Conv2d(channels, channels, kernel_size: 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(channels);
        downsample = Shortcuts.Projection(shortcut, inChannels, channels * Expansion, stride);
        _shortcut = shortcut;
        _stride = stride;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = relu.call(bn1.call(conv1.call(x)));                // (B, C, H/s, W/s)
        h = bn2.call(conv2.call(h));                               // (B, C, H/s, W/s): F(x)
        if (_shortcut != Shortcut.None)
            h = h + (downsample?.call(x) ?? Shortcuts.Identity(x, h.shape[1], _stride)); // F(x) + x, eq. (1), or + W_s·x, eq. (2)
        return relu.call(h).MoveToOuterDisposeScope();             // (B, C, H/s, W/s)
    }
}

/// <summary>
/// The bottleneck residual block (He et al. 2015, Fig. 5 right): 1×1 to reduce to C channels, 3×3 (with the stride,
/// as torchvision's "v1.5"), 1×1 to expand to 4·C, each followed by BN, ReLU after the first two and after the sum.
/// Parameters: C_in·C + 9·C·C + C·4C convolution weights, 2·(C + C + 4C) for batch normalization, plus C_in·4C + 2·4C
/// for a projection shortcut.
/// </summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>channels</c>: 4.</summary>
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;
    private readonly Shortcut _shortcut;
    private readonly long _stride;

    /// <summary>A block from <paramref name="inChannels"/> to 4·<paramref name="channels"/> channels.</summary>
    /// <param name="inChannels">Input channels C_in.</param>
    /// <param name="channels">Bottleneck width C; the block outputs 4·C channels.</param>
    /// <param name="stride">2 to halve the resolution (first block of a stage), else 1.</param>
    /// <param name="shortcut">How the input reaches the output; see <see cref="Models.Shortcut"/>.</param>
    public Bottleneck(int inChannels, int channels, int stride = 1, Shortcut shortcut = Shortcut.Projection) : base(nameof(Bottleneck))
    {
        conv1 = Conv2d(inChannels, channels, kernel_size: 1, bias: false);
        bn1 = BatchNorm2d(channels);
        conv2 = Conv2d(channels, channels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(channels);
        conv3 = Conv2d(channels, channels * Expansion, kernel_size: 1, bias: false);
        bn3 = BatchNorm2d(channels * Expansion);
        relu = ReLU();
        downsample = Shortcuts.Projection(shortcut, inChannels, channels * Expansion, stride);
        _shortcut = shortcut;
        _stride = stride;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = relu.call(bn1.call(conv1.call(x)));                // (B, C, H, W): reduce
        h = relu.call(bn2.call(conv2.call(h)));                    // (B, C, H/s, W/s)
        h = bn3.call(conv3.call(h));                               // (B, 4C, H/s, W/s): expand, F(x)
        if (_shortcut != Shortcut.None)
            h = h + (downsample?.call(x) ?? Shortcuts.Identity(x, h.shape[1], _stride)); // F(x) + x, eq. (1), or + W_s·x, eq. (2)
        return relu.call(h).MoveToOuterDisposeScope();             // (B, 4C, H/s, W/s)
    }
}

/// <summary>The shortcut options of §3.3, shared by both blocks.</summary>
internal static class Shortcuts
{
    /// <summary>The 1×1 convolution + BN of option B where the shape changes; null otherwise.</summary>
    /// <exception cref="ArgumentException">Option A would have to drop channels.</exception>
    public static Sequential? Projection(Shortcut shortcut, int inChannels, int outChannels, int stride)
    {
        if (shortcut == Shortcut.ZeroPadding && outChannels < inChannels)
            throw new ArgumentException(
                $"A zero-padding shortcut can only add channels; this block goes from {inChannels} to {outChannels}.", nameof(shortcut));
        return shortcut == Shortcut.Projection && (stride != 1 || inChannels != outChannels)
            ? Sequential(Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false), BatchNorm2d(outChannels))
            : null;
    }

    /// <summary>
    /// The identity shortcut: the input itself where shapes match, otherwise (option A) the input subsampled by the
    /// stride and padded with zero channels up to <paramref name="outChannels"/>.
    /// </summary>
    public static Tensor Identity(Tensor x, long outChannels, long stride)
    {
        if (stride == 1 && x.shape[1] == outChannels)
            return x;                                                                // (B, C, H, W): identity
        var sub = x.slice(2, 0, x.shape[2], stride).slice(3, 0, x.shape[3], stride); // (B, C_in, H/s, W/s)
        return functional.pad(sub, [0, 0, 0, 0, 0, outChannels - x.shape[1]]);        // (B, C_out, H/s, W/s): zeros appended
    }
}
