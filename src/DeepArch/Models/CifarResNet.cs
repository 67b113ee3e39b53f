using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="CifarResNet"/>.</summary>
/// <param name="Depth">Weighted layers 6n + 2: 20, 32, 44, 56, 110 in the paper.</param>
/// <param name="Shortcuts">
/// True for the residual network (identity shortcuts, zero-padded where the width doubles: option A); false for its
/// "plain" twin of the same depth and exactly the same parameters, the paper's degradation experiment (Fig. 6).
/// </param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputChannels">3 for CIFAR-10.</param>
/// <param name="Width">Channels of the first stage (16); the next two have 2× and 4× as many.</param>
public sealed record CifarResNetConfig(int Depth = 20, bool Shortcuts = true, int Classes = 10, int InputChannels = 3, int Width = 16)
{
    /// <summary>ResNet-20 for CIFAR-10: 269,722 parameters (0.27 M in the paper's Table 6).</summary>
    public static CifarResNetConfig ResNet20(int classes = 10) => new(20, Shortcuts: true, classes);

    /// <summary>The plain 20-layer twin of <see cref="ResNet20"/>: same layers, same parameters, no shortcuts.</summary>
    public static CifarResNetConfig Plain20(int classes = 10) => new(20, Shortcuts: false, classes);
}

/// <summary>
/// The CIFAR-10 ResNet of He et al. 2015, §4.2: a 3×3 convolution, then three stages of n basic blocks on 32×32,
/// 16×16 and 8×8 maps with 16, 32 and 64 channels, global average pooling and a fully connected layer — 6n + 2
/// weighted layers. Its shortcuts are parameter-free (option A), so the residual network and its plain twin have the
/// same depth, width and number of parameters: any difference in training comes from the shortcuts alone.
/// </summary>
public sealed class CifarResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Sequential stage1;
    private readonly Sequential stage2;
    private readonly Sequential stage3;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds the network, e.g. <c>new CifarResNet(CifarResNetConfig.ResNet20())</c>.</summary>
    /// <exception cref="ArgumentException">The depth is not 6n + 2 with n ≥ 1.</exception>
    public CifarResNet(CifarResNetConfig? config = null) : base(nameof(CifarResNet))
    {
        var c = config ?? new CifarResNetConfig();
        if (c.Depth < 8 || (c.Depth - 2) % 6 != 0)
            throw new ArgumentException($"A CIFAR ResNet has 6n + 2 layers (20, 32, 44, 56, 110…); got {c.Depth}.", nameof(config));
        Config = c;
        var n = (c.Depth - 2) / 6;
        var shortcut = c.Shortcuts ? Shortcut.ZeroPadding : Shortcut.None;
        conv1 = Conv2d(c.InputChannels, c.Width, kernel_size: 3, padding: 1, bias: false);
        bn1 = BatchNorm2d(c.Width);
        relu = ReLU();
        stage1 = Stage(c.Width, c.Width, n, stride: 1, shortcut);
        stage2 = Stage(c.Width, 2 * c.Width, n, stride: 2, shortcut);
        stage3 = Stage(2 * c.Width, 4 * c.Width, n, stride: 2, shortcut);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(4 * c.Width, c.Classes);
        RegisterComponents();
        Initialization.HeNormal(this);
    }

    /// <summary>The configuration the network was built with.</summary>
    public CifarResNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(CifarResNet), Config.InputChannels);
        using var scope = NewDisposeScope();
        var h = relu.call(bn1.call(conv1.call(x))); // (B, 16, 32, 32) for CIFAR
        h = stage1.call(h);                         // (B, 16, 32, 32)
        h = stage2.call(h);                         // (B, 32, 16, 16)
        h = stage3.call(h);                         // (B, 64, 8, 8)
        h = avgpool.call(h).flatten(1);             // (B, 64)
        return fc.call(h).MoveToOuterDisposeScope(); // (B, classes)
    }

    private static Sequential Stage(int inChannels, int channels, int blocks, int stride, Shortcut shortcut)
    {
        var stage = new List<Module<Tensor, Tensor>>();
        for (var i = 0; i < blocks; i++)
            stage.Add(i == 0
                ? new BasicBlock(inChannels, channels, stride, shortcut)
                : new BasicBlock(channels, channels, 1, shortcut));
        return Sequential(stage);
    }
}
