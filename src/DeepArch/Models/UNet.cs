using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="UNet"/>.</summary>
/// <param name="InputChannels">Image channels (1 for the paper's microscopy images).</param>
/// <param name="Classes">Classes per pixel (2 in the paper: cell and border/background).</param>
/// <param name="Depth">Number of 2×2 poolings on the contracting path (4 in the paper).</param>
/// <param name="BaseWidth">Channels at the first level (64 in the paper); each level down doubles them.</param>
/// <param name="SkipConnections">
/// True to concatenate each encoder level's maps to the decoder's (the "U"); false to drop them and leave a plain
/// encoder-decoder, which must rebuild fine detail from the bottleneck alone.
/// </param>
/// <param name="BatchNorm">Batch normalization after each 3×3 convolution (not in the paper; it helps small-batch CPU training).</param>
public sealed record UNetConfig(
    int InputChannels = 1,
    int Classes = 2,
    int Depth = 4,
    int BaseWidth = 64,
    bool SkipConnections = true,
    bool BatchNorm = false)
{
    /// <summary>
    /// A U-Net that trains on a laptop CPU for 64×64 images: three poolings, 16 channels at the top level, batch
    /// normalization. Default classes: background plus the five shape classes of <c>DeepArch.Data.Shapes</c>.
    /// </summary>
    public static UNetConfig Small(int inputChannels = 3, int classes = 6, bool skipConnections = true) =>
        new(inputChannels, classes, Depth: 3, BaseWidth: 16, skipConnections, BatchNorm: true);
}

/// <summary>
/// U-Net (Ronneberger, Fischer, Brox, "U-Net: Convolutional Networks for Biomedical Image Segmentation", MICCAI 2015):
/// a contracting path of double 3×3 convolutions and 2×2 max pooling that doubles the channels at each level, an
/// expanding path of 2×2 transposed convolutions ("up-convolutions") that halve them, with the encoder's maps of the
/// same level concatenated before each double convolution, and a 1×1 convolution to per-pixel class scores. Unlike
/// the paper (unpadded convolutions, 572×572 in, 388×388 out), the convolutions here are padded, so the output has the
/// input's size and no cropping is needed; height and width must then be multiples of 2^depth.
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>
{
    private readonly ModuleList<DoubleConv> encoders;
    private readonly MaxPool2d pool;
    private readonly DoubleConv bottleneck;
    private readonly ModuleList<ConvTranspose2d> upsamplers;
    private readonly ModuleList<DoubleConv> decoders;
    private readonly Conv2d head;
    private readonly long _multiple;

    /// <summary>Builds the network (defaults: the paper's, 1 channel in, 2 classes, depth 4, 64 channels).</summary>
    /// <exception cref="ArgumentException">Depth or width is out of range.</exception>
    public UNet(UNetConfig? config = null) : base(nameof(UNet))
    {
        var c = config ?? new UNetConfig();
        if (c.Depth is < 1 or > 8 || c.BaseWidth < 1)
            throw new ArgumentException($"A U-Net needs a depth in 1…8 and a positive width; got depth {c.Depth}, width {c.BaseWidth}.", nameof(config));
        Config = c;
        _multiple = 1L << c.Depth;
        var width = Enumerable.Range(0, c.Depth + 1).Select(level => (long)c.BaseWidth << level).ToArray(); // w·2^level
        encoders = ModuleList(Enumerable.Range(0, c.Depth)
            .Select(level => new DoubleConv(level == 0 ? c.InputChannels : width[level - 1], width[level], c.BatchNorm))
            .ToArray());
        pool = MaxPool2d(kernel_size: 2, stride: 2);
        bottleneck = new DoubleConv(width[c.Depth - 1], width[c.Depth], c.BatchNorm);
        // Decoder level l (deepest first): up-convolution from w·2^(l+1) to w·2^l channels, then a double convolution
        // over [skip, up] (2·w·2^l channels) or over the up-convolution alone.
        var levels = Enumerable.Range(0, c.Depth).Reverse().ToArray();
        upsamplers = ModuleList(levels.Select(l => ConvTranspose2d(width[l + 1], width[l], kernel_size: 2, stride: 2)).ToArray());
        decoders = ModuleList(levels
            .Select(l => new DoubleConv(c.SkipConnections ? 2 * width[l] : width[l], width[l], c.BatchNorm))
            .ToArray());
        head = Conv2d(width[0], c.Classes, kernel_size: 1);
        RegisterComponents();
    }

    /// <summary>The configuration the network was built with.</summary>
    public UNetConfig Config { get; }

    /// <summary>Per-pixel class scores <c>(B, classes, H, W)</c> for images <c>(B, channels, H, W)</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        ImageInput.RequireMultiple(x, $"UNet (depth {Config.Depth})", Config.InputChannels, _multiple);
        using var scope = NewDisposeScope();
        var skips = new List<Tensor>();
        var h = x;
        foreach (var encoder in encoders)
        {
            h = encoder.call(h);                           // (B, w·2^l, H/2^l, W/2^l)
            skips.Add(h);
            h = pool.call(h);                              // (B, w·2^l, H/2^(l+1), W/2^(l+1))
        }
        h = bottleneck.call(h);                            // (B, w·2^depth, H/2^depth, W/2^depth)
        for (var i = 0; i < decoders.Count; i++)
        {
            var skip = skips[^(i + 1)];                    // (B, w·2^l, H/2^l, W/2^l), deepest level first
            h = upsamplers[i].call(h);                     // (B, w·2^l, H/2^l, W/2^l): 2×2 up-convolution
            if (Config.SkipConnections)
                h = cat([skip, h], 1);                     // (B, 2·w·2^l, H/2^l, W/2^l)
            h = decoders[i].call(h);                       // (B, w·2^l, H/2^l, W/2^l)
        }
        return head.call(h).MoveToOuterDisposeScope();     // (B, classes, H, W)
    }
}

/// <summary>Two 3×3 convolutions (padding 1), each followed by ReLU (and batch normalization before it when asked).</summary>
internal sealed class DoubleConv : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public DoubleConv(long inChannels, long outChannels, bool batchNorm) : base(nameof(DoubleConv))
    {
        var list = new List<Module<Tensor, Tensor>>();
        foreach (var input in new[] { inChannels, outChannels })
        {
            // Batch normalization's shift makes the convolution's bias redundant.
            list.Add(Conv2d(input, outChannels, kernel_size: 3, padding: 1, bias: !batchNorm));
            if (batchNorm)
                list.Add(BatchNorm2d(outChannels));
            list.Add(ReLU());
        }
        layers = Sequential(list);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.call(x); // (B, C_out, H, W)
}
