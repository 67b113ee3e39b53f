using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="SmallCnn"/>.</summary>
/// <param name="InputChannels">Image channels.</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="Width">Channels of the first block; each next block doubles them.</param>
/// <param name="Blocks">Convolution blocks (3×3 convolution, ReLU, 2×2 max pooling after every block but the last).</param>
public sealed record SmallCnnConfig(int InputChannels = 1, int Classes = 10, int Width = 16, int Blocks = 3);

/// <summary>
/// A small CNN split the way transfer learning sees a network: a <em>backbone</em> of convolution blocks ending in
/// global average pooling, which turns an image into a feature vector, and a <em>head</em>, one fully connected layer
/// from the features to the classes. <see cref="Transfer"/> reuses a trained backbone under a new head, frozen
/// (features only) or trainable (fine-tuning) — Yosinski, Clune, Bengio, Lipson, "How transferable are features in
/// deep neural networks?", NeurIPS 2014. No batch normalization, so a frozen backbone is truly fixed.
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    private readonly Sequential backbone;
    private readonly Linear head;

    /// <summary>Builds a freshly initialized network.</summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public SmallCnn(SmallCnnConfig? config = null) : base(nameof(SmallCnn))
    {
        var c = config ?? new SmallCnnConfig();
        if (c.InputChannels < 1 || c.Classes < 1 || c.Width < 1 || c.Blocks is < 1 or > 6)
            throw new ArgumentException($"A SmallCnn needs positive channels, classes and width and 1…6 blocks; got {c}.", nameof(config));
        Config = c;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (var b = 0; b < c.Blocks; b++)
        {
            layers.Add(($"conv{b + 1}", Conv2d(b == 0 ? c.InputChannels : c.Width << (b - 1), c.Width << b, kernel_size: 3, padding: 1)));
            layers.Add(($"relu{b + 1}", ReLU()));
            if (b < c.Blocks - 1)
                layers.Add(($"pool{b + 1}", MaxPool2d(2)));
        }
        layers.Add(("gap", AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", Flatten()));
        backbone = Sequential(layers);
        head = Linear(FeatureCount, c.Classes);
        RegisterComponents();
    }

    /// <summary>The configuration the network was built with.</summary>
    public SmallCnnConfig Config { get; }

    /// <summary>Length of the feature vector the backbone produces: the last block's channels.</summary>
    public int FeatureCount => Config.Width << (Config.Blocks - 1);

    /// <summary>Whether the backbone's parameters are frozen (excluded from training).</summary>
    public bool BackboneFrozen => backbone.parameters().All(p => !p.requires_grad);

    /// <summary>Parameters that training updates (those requiring gradients).</summary>
    public long TrainableParameters => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Class logits <c>(B, classes)</c> for images <c>(B, channels, H, W)</c>, H and W at least 2^(blocks − 1).</summary>
    public override Tensor forward(Tensor x)
    {
        ImageInput.Require(x, nameof(SmallCnn), Config.InputChannels, 1L << (Config.Blocks - 1));
        using var scope = NewDisposeScope();
        var features = backbone.call(x);                 // (B, width·2^(blocks−1))
        return head.call(features).MoveToOuterDisposeScope(); // (B, classes)
    }

    /// <summary>The backbone's feature vectors <c>(B, FeatureCount)</c>.</summary>
    public Tensor Features(Tensor x)
    {
        ImageInput.Require(x, nameof(SmallCnn), Config.InputChannels, 1L << (Config.Blocks - 1));
        return backbone.call(x);
    }

    /// <summary>
    /// A new network for another task: a copy of this backbone's trained weights under a freshly initialized head of
    /// <paramref name="classes"/> outputs. With <paramref name="freezeBackbone"/>, the backbone's parameters stop
    /// requiring gradients, so training changes only the head (the "frozen features" strategy); without it, everything
    /// trains, starting from the transferred weights (fine-tuning). This network is left unchanged.
    /// </summary>
    /// <param name="classes">Classes of the new task.</param>
    /// <param name="freezeBackbone">Train the head only.</param>
    public SmallCnn Transfer(int classes, bool freezeBackbone)
    {
        var copy = new SmallCnn(Config with { Classes = classes });
        using (no_grad())
        {
            foreach (var (target, source) in copy.backbone.parameters().Zip(backbone.parameters()))
                target.copy_(source);
        }
        if (freezeBackbone)
            foreach (var parameter in copy.backbone.parameters())
                parameter.requires_grad = false;
        return copy;
    }
}
