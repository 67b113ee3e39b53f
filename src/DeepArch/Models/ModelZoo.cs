using DeepArch.Models.Analysis;
using static TorchSharp.torch;

namespace DeepArch.Models;

/// <summary>One model of the course's zoo: how to build it and the input it is meant for.</summary>
/// <param name="Name">Short identifier, e.g. <c>resnet50</c>.</param>
/// <param name="Title">How the lecture names it, with its paper's year, e.g. <c>ResNet-50 (2015)</c>.</param>
/// <param name="InputShape">Shape of one input sample, e.g. <c>[3, 224, 224]</c>.</param>
/// <param name="Create">Builds a freshly initialized network.</param>
public sealed record ZooModel(string Name, string Title, IReadOnlyList<long> InputShape, Func<nn.Module<Tensor, Tensor>> Create)
{
    /// <summary>Builds the network, traces it on <see cref="InputShape"/> and releases it.</summary>
    public ModelSummary Summarize()
    {
        using var model = Create();
        return ModelSummary.Of(model, [.. InputShape]);
    }
}

/// <summary>
/// Every architecture of the chapter at the input it was designed for — the ImageNet networks at 224×224 (the
/// EfficientNets at their own resolutions), U-Net at 512×512 — followed by the small variants that train on a CPU.
/// </summary>
public static class ModelZoo
{
    private static readonly long[] ImageNet = [3, 224, 224];
    private static readonly long[] Cifar = [3, 32, 32];

    /// <summary>The models, oldest first, then the small CPU variants.</summary>
    public static IReadOnlyList<ZooModel> Models { get; } =
    [
        new("lenet5", "LeNet-5 (1998)", [1, 28, 28], () => new LeNet5()),
        new("alexnet", "AlexNet (2012)", ImageNet, () => new AlexNet()),
        new("vgg11", "VGG-11 (2014)", ImageNet, () => new Vgg(VggConfig.Vgg11())),
        new("vgg13", "VGG-13 (2014)", ImageNet, () => new Vgg(VggConfig.Vgg13())),
        new("vgg16", "VGG-16 (2014)", ImageNet, () => new Vgg(VggConfig.Vgg16())),
        new("vgg19", "VGG-19 (2014)", ImageNet, () => new Vgg(VggConfig.Vgg19())),
        new("resnet18", "ResNet-18 (2015)", ImageNet, () => new ResNet(ResNetConfig.ResNet18())),
        new("resnet34", "ResNet-34 (2015)", ImageNet, () => new ResNet(ResNetConfig.ResNet34())),
        new("resnet50", "ResNet-50 (2015)", ImageNet, () => new ResNet(ResNetConfig.ResNet50())),
        new("unet", "U-Net (2015)", [1, 512, 512], () => new UNet()),
        new("densenet121", "DenseNet-121 (2016)", ImageNet, () => new DenseNet(DenseNetConfig.DenseNet121())),
        .. EfficientNets(),
        new("resnet20", "ResNet-20 for CIFAR-10 (2015)", Cifar, () => new CifarResNet(CifarResNetConfig.ResNet20())),
        new("plain20", "Plain-20 for CIFAR-10 (no shortcuts)", Cifar, () => new CifarResNet(CifarResNetConfig.Plain20())),
        new("vgg-small", "Small VGG for 32×32 images", Cifar, () => new Vgg(VggConfig.Small())),
        new("unet-small", "Small U-Net for 64×64 shapes", [3, 64, 64], () => new UNet(UNetConfig.Small())),
    ];

    private static IEnumerable<ZooModel> EfficientNets()
    {
        EfficientNetConfig[] variants =
        [
            EfficientNetConfig.B0(), EfficientNetConfig.B1(), EfficientNetConfig.B2(), EfficientNetConfig.B3(),
            EfficientNetConfig.B4(), EfficientNetConfig.B5(), EfficientNetConfig.B6(), EfficientNetConfig.B7(),
        ];
        return variants.Select((config, phi) => new ZooModel($"efficientnet-b{phi}", $"EfficientNet-B{phi} (2019)",
            [3, config.Resolution, config.Resolution], () => new EfficientNet(config)));
    }
}
