using DeepArch.Models;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

/// <summary>A wrong input gets a sentence naming the expected and the actual shape, not a libtorch error.</summary>
public sealed class InputValidationTests
{
    public static TheoryData<string, Func<nn.Module<Tensor, Tensor>>, long[], string> Cases => new()
    {
        { "AlexNet, too small", () => new AlexNet(new AlexNetConfig(Classes: 2)), [1, 3, 32, 32],
            "AlexNet expects images [batch, 3, height, width] with height and width ≥ 63; got [1, 3, 32, 32]." },
        { "VGG, grey image", () => new Vgg(VggConfig.Small()), [4, 1, 32, 32],
            "Vgg expects images [batch, 3, height, width] with height and width ≥ 8; got [4, 1, 32, 32]." },
        { "ResNet, no batch dimension", () => new CifarResNet(), [3, 32, 32],
            "CifarResNet expects images [batch, 3, height, width]; got [3, 32, 32]." },
        { "DenseNet, too small", () => new DenseNet(new DenseNetConfig(8, [1, 1], Classes: 2)), [1, 3, 16, 16],
            "DenseNet expects images [batch, 3, height, width] with height and width ≥ 29; got [1, 3, 16, 16]." },
        { "EfficientNet, RGBA", () => new EfficientNet(EfficientNetConfig.B0(classes: 2)), [1, 4, 32, 32],
            "EfficientNet expects images [batch, 3, height, width]; got [1, 4, 32, 32]." },
        { "LeNet-5, CIFAR size", () => new LeNet5(), [1, 1, 32, 32],
            "LeNet5 expects images [batch, 1, 28, 28]; got [1, 1, 32, 32]." },
    };

    [Theory, MemberData(nameof(Cases))]
    public void WrongShapesAreRejectedWithExpectedAndActual(string _, Func<nn.Module<Tensor, Tensor>> create, long[] shape, string message)
    {
        using var model = create();
        using var x = zeros(shape);

        var error = Assert.Throws<ArgumentException>(() => model.call(x));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void VggLayersMustBeChannelCountsOrM()
    {
        var error = Assert.Throws<ArgumentException>(() => new Vgg(new VggConfig("64 P 128")));
        Assert.Contains("'P' is neither", error.Message);
    }

    [Fact]
    public void ResNetNeedsFourStages()
    {
        var error = Assert.Throws<ArgumentException>(() => new ResNet(new ResNetConfig(ResNetBlock.Basic, [2, 2, 2])));
        Assert.Contains("four stages", error.Message);
    }
}
