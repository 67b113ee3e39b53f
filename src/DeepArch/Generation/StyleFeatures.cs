using DeepArch.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Generation;

/// <summary>
/// The activations of a convolutional network at a few chosen layers ("taps"), for style transfer and deep dream:
/// a chain of layers run in order, with the outputs of the tapped ones kept. Inputs are images in [0, 1]; the
/// network's own normalisation (mean, standard deviation per channel) is applied first.
/// </summary>
public sealed class StyleFeatures
{
    private readonly Module<Tensor, Tensor>[] _layers;
    private readonly int[] _taps;
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Wraps layers run in order.</summary>
    /// <param name="layers">The layers, each mapping <c>[B, C, H, W]</c> to <c>[B, C', H', W']</c>.</param>
    /// <param name="taps">Indices of the layers whose outputs <see cref="Extract"/> returns, in that order.</param>
    /// <param name="mean">Per-channel mean subtracted from the [0, 1] images.</param>
    /// <param name="std">Per-channel standard deviation divided by.</param>
    /// <param name="tapNames">A name per tap, e.g. "relu1_1".</param>
    /// <param name="description">What the network is, for the notebook's prose.</param>
    /// <exception cref="ArgumentException">A tap is out of range, or mean and std differ in length.</exception>
    public StyleFeatures(IEnumerable<Module<Tensor, Tensor>> layers, IReadOnlyList<int> taps, IReadOnlyList<float> mean,
        IReadOnlyList<float> std, IReadOnlyList<string> tapNames, string description)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        _taps = [.. taps];
        if (_taps.Length == 0 || _taps.Any(t => t < 0 || t >= _layers.Length))
            throw new ArgumentException($"Taps must index the {_layers.Length} layers; got [{string.Join(", ", _taps)}].", nameof(taps));
        if (mean.Count != std.Count || mean.Count < 1 || tapNames.Count != _taps.Length)
            throw new ArgumentException("Give one mean and one standard deviation per channel, and one name per tap.");
        _mean = [.. mean];
        _std = [.. std];
        TapNames = tapNames;
        Description = description;
    }

    /// <summary>Image channels the network takes.</summary>
    public int Channels => _mean.Length;

    /// <summary>The taps' names, in the order <see cref="Extract"/> returns them.</summary>
    public IReadOnlyList<string> TapNames { get; }

    /// <summary>What the network is.</summary>
    public string Description { get; }

    /// <summary>Activations <c>[B, C_t, H_t, W_t]</c> at each tap for images <c>[B, channels, H, W]</c> in [0, 1].</summary>
    /// <exception cref="ArgumentException">The images have another number of channels.</exception>
    public IReadOnlyList<Tensor> Extract(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != Channels)
            throw new ArgumentException(
                $"These features take images [batch, {Channels}, height, width] in [0, 1]; got [{string.Join(", ", images.shape)}].", nameof(images));
        var outputs = new Tensor[_taps.Length];
        var last = _taps.Max();
        using var mean = tensor(_mean, [1, Channels, 1, 1]).to(images.device);
        using var std = tensor(_std, [1, Channels, 1, 1]).to(images.device);
        var h = (images - mean) / std;                       // (B, C, H, W)
        for (var i = 0; i <= last; i++)
        {
            h = _layers[i].call(h);                          // (B, C_i, H_i, W_i)
            for (var t = 0; t < _taps.Length; t++)
                if (_taps[t] == i)
                    outputs[t] = h;
        }
        return outputs;
    }

    /// <summary>
    /// The offline stand-in for VGG-19: a VGG-shaped stack of 3×3 convolutions and ReLUs with <em>random</em> weights
    /// (He initialisation) and average pooling, tapped after the first ReLU of each block. Random convolution features
    /// carry texture well (Ustyuzhaninov, Brendel, Gatys, Bethge, "What does it take to generate natural textures?",
    /// ICLR 2017), so style transfer works without any training; content is kept less faithfully than with VGG-19.
    /// </summary>
    /// <param name="widths">Channels of each block; each block is two convolutions.</param>
    /// <param name="seed">Seed of the weights.</param>
    public static StyleFeatures RandomConvolutions(IReadOnlyList<int>? widths = null, long seed = 1)
    {
        int[] w = [.. widths ?? [32, 64, 128, 256]];
        using var generator = new Generator((ulong)seed);
        var layers = new List<Module<Tensor, Tensor>>();
        var taps = new List<int>();
        var names = new List<string>();
        var channels = 3L;
        for (var b = 0; b < w.Length; b++)
        {
            if (b > 0)
                layers.Add(AvgPool2d(2));
            for (var k = 0; k < 2; k++)
            {
                var conv = Conv2d(channels, w[b], kernel_size: 3, padding: 1);
                using (no_grad())
                {
                    // He initialisation: std √(2 / fan_in) keeps activations at one scale through the ReLUs.
                    conv.weight!.copy_(randn(conv.weight.shape, generator: generator).mul(Math.Sqrt(2.0 / (channels * 9))));
                    conv.bias!.zero_();
                }
                foreach (var p in conv.parameters())
                    p.requires_grad = false;
                layers.Add(conv);
                layers.Add(ReLU());
                if (k == 0)
                {
                    taps.Add(layers.Count - 1);
                    names.Add($"relu{b + 1}_1");
                }
                channels = w[b];
            }
        }
        return new StyleFeatures(layers, taps, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], names,
            $"random VGG-style convolutions ({string.Join("-", w)}, seed {seed})");
    }

    /// <summary>
    /// VGG-19's features as Gatys et al. use them: relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 for style and relu4_2
    /// for content (the last tap), with ImageNet's normalisation. The network's parameters are frozen.
    /// </summary>
    /// <param name="vgg">A VGG-19 without batch normalisation (<see cref="VggConfig.Vgg19"/>), e.g. with ImageNet weights.</param>
    /// <exception cref="ArgumentException">The network is not a plain VGG-19.</exception>
    public static StyleFeatures Vgg19(Vgg vgg)
    {
        ArgumentNullException.ThrowIfNull(vgg);
        if (vgg.Config.Layers != VggConfig.Vgg19().Layers || vgg.Config.BatchNorm || vgg.Config.InputChannels != 3)
            throw new ArgumentException("Gatys's taps are those of VGG-19 without batch normalisation on colour images.", nameof(vgg));
        var features = (Sequential)vgg.named_children().First(c => c.name == "features").module;
        foreach (var p in vgg.parameters())
            p.requires_grad = false;
        vgg.eval();
        // torchvision's indices in vgg19().features: ReLUs after conv1_1 (1), conv2_1 (6), conv3_1 (11), conv4_1 (20), conv5_1 (29); conv4_2's ReLU (22).
        return new StyleFeatures(features.children().Cast<Module<Tensor, Tensor>>(), [1, 6, 11, 20, 29, 22],
            [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f],
            ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1", "relu4_2"], "VGG-19");
    }

    /// <summary>
    /// The convolution blocks of a trained <see cref="SmallCnn"/> (the course's own network), tapped after each ReLU;
    /// used by deep dream. Its training set's per-channel statistics normalise the input.
    /// </summary>
    public static StyleFeatures FromSmallCnn(SmallCnn network, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(network);
        var backbone = (Sequential)network.named_children().First(c => c.name == "backbone").module;
        var named = backbone.named_children().ToArray();
        var taps = Enumerable.Range(0, named.Length).Where(i => named[i].name.StartsWith("relu", StringComparison.Ordinal)).ToArray();
        return new StyleFeatures(named.Select(n => (Module<Tensor, Tensor>)n.module), taps, mean, std,
            [.. taps.Select(i => named[i].name)], $"SmallCnn ({network.Config.Blocks} blocks of width {network.Config.Width})");
    }
}
