using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>
/// Configuration of <see cref="EfficientNet"/>: the B0 baseline scaled in depth, width and resolution.
/// Compound scaling (Tan, Le 2019, eq. 3): depth d = α^φ, width w = β^φ, resolution r = γ^φ under
/// α·β²·γ² ≈ 2. A convolution's cost grows linearly with depth but quadratically with width (input and output
/// channels) and with resolution (height and width), so FLOPs grow by (α·β²·γ²)^φ ≈ 2^φ: each step of φ doubles the
/// compute. A grid search on B0 gave α = 1.2, β = 1.1, γ = 1.15 (α·β²·γ² = 1.92); <see cref="Compound"/> applies the
/// rule as written, <see cref="B0"/>…<see cref="B7"/> give the coefficients the authors released (rounded by hand,
/// e.g. B7: depth 3.1, width 2.0, 600 px, where the rule gives 3.58, 1.95 and 596 px at φ = 7).
/// </summary>
/// <param name="WidthMultiplier">w: channels of every layer are scaled by w, then rounded to a multiple of 8.</param>
/// <param name="DepthMultiplier">d: layers of every stage are scaled by d, rounded up.</param>
/// <param name="Resolution">Input side the network is scaled for (224 for B0). Any size works; this is the one it is meant for.</param>
/// <param name="Dropout">Dropout before the classifier (0.2 for B0 up to 0.5 for B7).</param>
/// <param name="StochasticDepth">Drop probability of the last block's residual branch; block i of N uses this × i / N.</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputChannels">3 for RGB images.</param>
/// <param name="BatchNormEpsilon">ε of batch normalization (torchvision: 1e-5, but 1e-3 for B5–B7, whose weights came from TensorFlow).</param>
/// <param name="BatchNormMomentum">Momentum of the running statistics (0.1; 0.01 for B5–B7).</param>
public sealed record EfficientNetConfig(
    double WidthMultiplier = 1.0,
    double DepthMultiplier = 1.0,
    int Resolution = 224,
    double Dropout = 0.2,
    double StochasticDepth = 0.2,
    int Classes = 1000,
    int InputChannels = 3,
    double BatchNormEpsilon = 1e-5,
    double BatchNormMomentum = 0.1)
{
    /// <summary>α: depth coefficient of compound scaling.</summary>
    public const double Alpha = 1.2;

    /// <summary>β: width coefficient of compound scaling.</summary>
    public const double Beta = 1.1;

    /// <summary>γ: resolution coefficient of compound scaling.</summary>
    public const double Gamma = 1.15;

    // (width, depth, resolution, dropout) of B0…B7 as released (and as torchvision builds them).
    private static readonly (double Width, double Depth, int Resolution, double Dropout)[] Released =
    [
        (1.0, 1.0, 224, 0.2), (1.0, 1.1, 240, 0.2), (1.1, 1.2, 260, 0.3), (1.2, 1.4, 300, 0.3),
        (1.4, 1.8, 380, 0.4), (1.6, 2.2, 456, 0.4), (1.8, 2.6, 528, 0.5), (2.0, 3.1, 600, 0.5),
    ];

    /// <summary>EfficientNet-B0, the baseline found by architecture search: 5,288,548 parameters, 0.39 GMACs at 224×224.</summary>
    public static EfficientNetConfig B0(int classes = 1000) => B(0, classes);

    /// <summary>EfficientNet-B1 (width 1.0, depth 1.1, 240 px): 7,794,184 parameters.</summary>
    public static EfficientNetConfig B1(int classes = 1000) => B(1, classes);

    /// <summary>EfficientNet-B2 (width 1.1, depth 1.2, 260 px): 9,109,994 parameters.</summary>
    public static EfficientNetConfig B2(int classes = 1000) => B(2, classes);

    /// <summary>EfficientNet-B3 (width 1.2, depth 1.4, 300 px): 12,233,232 parameters.</summary>
    public static EfficientNetConfig B3(int classes = 1000) => B(3, classes);

    /// <summary>EfficientNet-B4 (width 1.4, depth 1.8, 380 px): 19,341,616 parameters.</summary>
    public static EfficientNetConfig B4(int classes = 1000) => B(4, classes);

    /// <summary>EfficientNet-B5 (width 1.6, depth 2.2, 456 px): 30,389,784 parameters.</summary>
    public static EfficientNetConfig B5(int classes = 1000) => B(5, classes);

    /// <summary>EfficientNet-B6 (width 1.8, depth 2.6, 528 px): 43,040,704 parameters.</summary>
    public static EfficientNetConfig B6(int classes = 1000) => B(6, classes);

    /// <summary>EfficientNet-B7 (width 2.0, depth 3.1, 600 px): 66,347,960 parameters.</summary>
    public static EfficientNetConfig B7(int classes = 1000) => B(7, classes);

    /// <summary>
    /// B0 scaled by the compound rule as written: depth α^φ, width β^φ, resolution 224·γ^φ (rounded), B0's dropout.
    /// φ = 0 gives B0; φ = 1 roughly doubles the MACs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="phi"/> is negative.</exception>
    public static EfficientNetConfig Compound(double phi, int classes = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phi);
        return new EfficientNetConfig(Math.Pow(Beta, phi), Math.Pow(Alpha, phi), (int)Math.Round(224 * Math.Pow(Gamma, phi)), Classes: classes);
    }

    private static EfficientNetConfig B(int variant, int classes)
    {
        var (width, depth, resolution, dropout) = Released[variant];
        // torchvision builds B5–B7 with the batch-normalization settings of the TensorFlow weights it ports.
        var (epsilon, momentum) = variant >= 5 ? (1e-3, 0.01) : (1e-5, 0.1);
        return new EfficientNetConfig(width, depth, resolution, dropout, Classes: classes,
            BatchNormEpsilon: epsilon, BatchNormMomentum: momentum);
    }
}

/// <summary>
/// EfficientNet (Tan, Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks", ICML 2019):
/// a 3×3 stem, seven stages of MBConv blocks (Table 1: inverted residuals with a depthwise convolution, Sandler et al.
/// 2018, and squeeze-and-excitation, Hu et al. 2018; SiLU activations), a 1×1 head convolution to 4× the last width,
/// global pooling, dropout and a classifier; residual branches are randomly dropped during training (stochastic
/// depth, Huang et al. 2016). B1–B7 scale B0 by <see cref="EfficientNetConfig"/>'s compound rule. Layer for layer
/// torchvision's definition (B0: 5,288,548 parameters). Any input size works; each variant is meant for its
/// <see cref="EfficientNetConfig.Resolution"/>.
/// </summary>
public sealed class EfficientNet : Module<Tensor, Tensor>
{
    // B0, Table 1 of the paper: (expansion, kernel, stride, input channels, output channels, layers) of stages 2–8.
    private static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] Baseline =
    [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ];

    private readonly ConvBnAct stem;
    private readonly Sequential blocks;
    private readonly ConvBnAct head;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Dropout dropout;
    private readonly Linear classifier;

    /// <summary>Builds the network, e.g. <c>new EfficientNet(EfficientNetConfig.B0())</c>.</summary>
    /// <exception cref="ArgumentException">A multiplier is not positive.</exception>
    public EfficientNet(EfficientNetConfig? config = null) : base(nameof(EfficientNet))
    {
        var c = config ?? new EfficientNetConfig();
        if (c.WidthMultiplier <= 0 || c.DepthMultiplier <= 0)
            throw new ArgumentException($"Width and depth multipliers must be positive; got {c.WidthMultiplier} and {c.DepthMultiplier}.", nameof(config));
        Config = c;
        var bn = (c.BatchNormEpsilon, c.BatchNormMomentum);
        var stages = Baseline.Select(s => s with
        {
            In = ScaleWidth(s.In, c.WidthMultiplier),
            Out = ScaleWidth(s.Out, c.WidthMultiplier),
            Layers = (int)Math.Ceiling(s.Layers * c.DepthMultiplier),
        }).ToArray();
        stem = new ConvBnAct(c.InputChannels, stages[0].In, kernel: 3, stride: 2, bn);

        var total = stages.Sum(s => s.Layers);
        var index = 0;
        var stageModules = new List<Module<Tensor, Tensor>>();
        foreach (var s in stages)
        {
            var stage = new List<Module<Tensor, Tensor>>();
            for (var i = 0; i < s.Layers; i++, index++)
            {
                // Only a stage's first block changes width and resolution; later blocks are residual.
                var (input, stride) = i == 0 ? (s.In, s.Stride) : (s.Out, 1);
                stage.Add(new MBConv(input, s.Out, s.Expand, s.Kernel, stride, c.StochasticDepth * index / total, bn));
            }
            stageModules.Add(Sequential(stage));
        }
        blocks = Sequential(stageModules);

        var last = stages[^1].Out;
        head = new ConvBnAct(last, 4 * last, kernel: 1, stride: 1, bn);
        avgpool = AdaptiveAvgPool2d(1);
        dropout = Dropout(c.Dropout);
        classifier = Linear(4 * last, c.Classes);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The configuration the network was built with.</summary>
    public EfficientNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(EfficientNet), Config.InputChannels);
        using var scope = NewDisposeScope();
        var h = stem.call(x);                        // (B, 32·w, H/2, W/2)
        h = blocks.call(h);                          // (B, 320·w, H/32, W/32)
        h = head.call(h);                            // (B, 1280·w, H/32, W/32)
        h = avgpool.call(h).flatten(1);              // (B, 1280·w)
        return classifier.call(dropout.call(h)).MoveToOuterDisposeScope(); // (B, classes)
    }

    /// <summary>
    /// w·channels rounded to the nearest multiple of 8 (hardware-friendly), never below 8 nor more than 10 % under
    /// the exact value: MobileNet's rounding, which torchvision and the official code share.
    /// </summary>
    internal static int ScaleWidth(int channels, double multiplier)
    {
        var exact = channels * multiplier;
        var rounded = Math.Max(8, (int)(exact + 4) / 8 * 8);
        return rounded < 0.9 * exact ? rounded + 8 : rounded;
    }

    // As torchvision: He (fan-out) for convolutions, U(±1/√out) for the classifier, zero biases.
    private void InitializeWeights()
    {
        Initialization.HeNormal(this);
        using var noGrad = no_grad();
        var range = 1.0 / Math.Sqrt(classifier.out_features);
        init.uniform_(classifier.weight, -range, range);
        init.zeros_(classifier.bias!);
    }
}

/// <summary>
/// MBConv, the inverted residual block (Sandler et al. 2018) with squeeze-and-excitation: 1×1 expansion to t·C_in
/// channels (skipped when t = 1), depthwise k×k convolution (with the stride), squeeze-and-excitation, linear 1×1
/// projection to C_out; when shapes match, the input is added back behind stochastic depth.
/// </summary>
internal sealed class MBConv : Module<Tensor, Tensor>
{
    private readonly ConvBnAct? expand;
    private readonly ConvBnAct depthwise;
    private readonly SqueezeExcitation se;
    private readonly ConvBnAct project;
    private readonly StochasticDepth stochasticDepth;
    private readonly bool _residual;

    public MBConv(int inChannels, int outChannels, int expandRatio, int kernel, int stride, double dropProbability,
        (double Epsilon, double Momentum) bn) : base(nameof(MBConv))
    {
        var expanded = EfficientNet.ScaleWidth(inChannels, expandRatio);
        expand = expanded != inChannels ? new ConvBnAct(inChannels, expanded, kernel: 1, stride: 1, bn) : null;
        depthwise = new ConvBnAct(expanded, expanded, kernel, stride, bn, groups: expanded);
        se = new SqueezeExcitation(expanded, Math.Max(1, inChannels / 4));
        project = new ConvBnAct(expanded, outChannels, kernel: 1, stride: 1, bn, activation: false);
        stochasticDepth = new StochasticDepth(dropProbability);
        _residual = stride == 1 && inChannels == outChannels;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = expand is null ? x : expand.call(x); // (B, t·C_in, H, W)
        h = depthwise.call(h);                       // (B, t·C_in, H/s, W/s): one k×k filter per channel
        h = se.call(h);                              // (B, t·C_in, H/s, W/s): channels reweighted
        h = project.call(h);                         // (B, C_out, H/s, W/s): linear bottleneck, no activation
        if (_residual)
            h = stochasticDepth.call(h) + x;         // (B, C_out, H, W)
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>Convolution (padding k/2, no bias), batch normalization and, optionally, SiLU: torchvision's Conv2dNormActivation.</summary>
internal sealed class ConvBnAct : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly SiLU? act;

    public ConvBnAct(long inChannels, long outChannels, int kernel, int stride, (double Epsilon, double Momentum) norm,
        long groups = 1, bool activation = true) : base(nameof(ConvBnAct))
    {
        conv = Conv2d(inChannels, outChannels, kernel_size: kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        bn = BatchNorm2d(outChannels, eps: norm.Epsilon, momentum: norm.Momentum);
        act = activation ? SiLU() : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = bn.call(conv.call(x));               // (B, C_out, H/s, W/s)
        return (act is null ? h : act.call(h)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Squeeze-and-excitation (Hu, Shen, Sun, CVPR 2018): global average pooling squeezes each channel to one number, a
/// two-layer bottleneck (1×1 convolutions, SiLU then sigmoid) turns them into per-channel weights that rescale the map.
/// </summary>
internal sealed class SqueezeExcitation : Module<Tensor, Tensor>
{
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Conv2d fc1;
    private readonly SiLU activation;
    private readonly Conv2d fc2;
    private readonly Sigmoid scale;

    public SqueezeExcitation(long channels, long squeezed) : base(nameof(SqueezeExcitation))
    {
        avgpool = AdaptiveAvgPool2d(1);
        fc1 = Conv2d(channels, squeezed, kernel_size: 1);
        activation = SiLU();
        fc2 = Conv2d(squeezed, channels, kernel_size: 1);
        scale = Sigmoid();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var s = avgpool.call(x);                                  // (B, C, 1, 1): squeeze
        s = scale.call(fc2.call(activation.call(fc1.call(s))));   // (B, C, 1, 1): excitation, weights in (0, 1)
        return (x * s).MoveToOuterDisposeScope();                 // (B, C, H, W)
    }
}

/// <summary>
/// Stochastic depth (Huang, Sun, Liu, Sedra, Weinberger, ECCV 2016), per sample: in training, a residual branch is
/// zeroed with probability p and otherwise scaled by 1/(1 − p), so its expectation is unchanged; identity in evaluation.
/// </summary>
internal sealed class StochasticDepth : Module<Tensor, Tensor>
{
    private readonly double _p;

    public StochasticDepth(double p) : base(nameof(StochasticDepth)) => _p = p;

    public override Tensor forward(Tensor x)
    {
        if (!training || _p == 0)
            return x.alias();
        using var scope = NewDisposeScope();
        var survival = 1 - _p;
        var keep = rand([x.shape[0], 1, 1, 1], device: x.device).lt(survival).to_type(x.dtype).div_(survival); // (B, 1, 1, 1)
        return (x * keep).MoveToOuterDisposeScope();
    }
}
