using DeepArch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

/// <summary>Each forward pass disposes its intermediate tensors: only the output it returns stays alive.</summary>
public sealed class ForwardMemoryTests
{
    public static TheoryData<string, Func<nn.Module<Tensor, Tensor>>, long[]> Models => new()
    {
        { "CIFAR ResNet (zero-padding shortcuts)", () => new CifarResNet(), [2, 3, 32, 32] },
        { "plain CIFAR ResNet", () => new CifarResNet(CifarResNetConfig.Plain20()), [2, 3, 32, 32] },
        { "ResNet-50 blocks", () => new ResNet(ResNetConfig.ResNet50(classes: 10)), [2, 3, 32, 32] },
        { "DenseNet", () => new DenseNet(new DenseNetConfig(8, [2, 2], Classes: 3)), [2, 3, 32, 32] },
        { "EfficientNet (stochastic depth active)", () => new EfficientNet(EfficientNetConfig.B0(classes: 3)), [2, 3, 32, 32] },
        { "U-Net", () => new UNet(UNetConfig.Small()), [2, 3, 32, 32] },
        { "VGG", () => new Vgg(VggConfig.Small()), [2, 3, 32, 32] },
        { "AlexNet", () => new AlexNet(new AlexNetConfig(Classes: 3)), [1, 3, 63, 63] },
    };

    [Theory, MemberData(nameof(Models))]
    public void OnlyTheOutputOutlivesAForwardPass(string _, Func<nn.Module<Tensor, Tensor>> create, long[] shape)
    {
        using var model = create();
        using var x = rand(shape);
        using (var warmup = model.call(x)) { }   // first use may create lasting state
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using var y = model.call(x);

        Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
