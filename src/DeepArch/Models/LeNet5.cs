using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Models;

/// <summary>Configuration of <see cref="LeNet5"/>.</summary>
/// <param name="InputChannels">1 for MNIST-like digits.</param>
/// <param name="Classes">Number of output classes.</param>
/// <param name="InputSize">28 (MNIST: padded by 2 to the paper's 32) or 32 (the paper's input).</param>
/// <param name="Modern">ReLU and max pooling instead of the paper's tanh and average pooling.</param>
public sealed record LeNet5Config(int InputChannels = 1, int Classes = 10, int InputSize = 28, bool Modern = true);

/// <summary>
/// LeNet-5 (LeCun, Bottou, Bengio, Haffner, "Gradient-based learning applied to document recognition", 1998):
/// C1 (6 maps 5×5) – S2 (2×2 subsampling) – C3 (16 maps 5×5) – S4 – C5 (120 maps 5×5, i.e. fully connected to
/// S4's 5×5 maps) – F6 (84) – output. C3 here connects to all six S2 maps (the paper's sparse table saved
/// computation in 1998), giving 61,706 parameters for 10 classes.
/// </summary>
public sealed class LeNet5 : Module<Tensor, Tensor>
{
    private readonly Conv2d c1;
    private readonly Module<Tensor, Tensor> s2;
    private readonly Conv2d c3;
    private readonly Module<Tensor, Tensor> s4;
    private readonly Conv2d c5;
    private readonly Linear f6;
    private readonly Linear output;
    private readonly Module<Tensor, Tensor> activation;
    private readonly int _inputSize;

    /// <summary>Builds the network from <paramref name="config"/> (defaults: MNIST, modern activations).</summary>
    public LeNet5(LeNet5Config? config = null) : base(nameof(LeNet5))
    {
        var c = config ?? new LeNet5Config();
        if (c.InputSize is not (28 or 32))
            throw new ArgumentException($"LeNet-5 takes 28×28 or 32×32 inputs; got {c.InputSize}.");
        _inputSize = c.InputSize;
        Config = c;
        var padding = c.InputSize == 28 ? 2 : 0;   // 28 + 2·2 = 32, the paper's input size
        c1 = Conv2d(c.InputChannels, 6, kernel_size: 5, padding: padding);
        c3 = Conv2d(6, 16, kernel_size: 5);
        c5 = Conv2d(16, 120, kernel_size: 5);
        f6 = Linear(120, 84);
        output = Linear(84, c.Classes);
        s2 = c.Modern ? MaxPool2d(2) : AvgPool2d(2);
        s4 = c.Modern ? MaxPool2d(2) : AvgPool2d(2);
        activation = c.Modern ? ReLU() : Tanh();
        RegisterComponents();
    }

    /// <summary>The configuration the network was built with.</summary>
    public LeNet5Config Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return output.call(Features(x)).MoveToOuterDisposeScope(); // (B, classes)
    }

    /// <summary>
    /// The penultimate layer F6's activations <c>(B, 84)</c>: the features the output layer classifies, which the
    /// generation chapter's yardstick compares between real and generated images.
    /// </summary>
    public Tensor Features(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Config.InputChannels || x.shape[2] != _inputSize || x.shape[3] != _inputSize)
            throw new ArgumentException(
                $"LeNet5 expects images [batch, {Config.InputChannels}, {_inputSize}, {_inputSize}]; got [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        var h = s2.call(activation.call(c1.call(x)));   // (B, 6, 14, 14)
        h = s4.call(activation.call(c3.call(h)));       // (B, 16, 5, 5)
        h = activation.call(c5.call(h)).flatten(1);     // (B, 120)
        return activation.call(f6.call(h)).MoveToOuterDisposeScope(); // (B, 84)
    }
}
