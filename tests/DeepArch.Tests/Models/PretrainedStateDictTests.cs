using DeepArch.Models;
using DeepArch.Tests.Data;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

// Fixtures written once by real PyTorch 1.13 (Models/Fixtures/make_pretrained_fixtures.py), golden outputs included.
public sealed class PretrainedStateDictTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", name);

    private static VggConfig SmallVgg => new("4 M 8 M", BatchNorm: true, Classes: 3, InputChannels: 3, PooledSize: 1, Hidden: 8);

    [Fact]
    public void APyTorchVggStateDictWithBatchNormGivesPyTorchsOutputsInTheZoosVgg()
    {
        var golden = PretrainedStateDict.Read(Fixture("golden.pth"));
        using var model = new Vgg(SmallVgg);

        PretrainedStateDict.Load(model, Fixture("small-vgg-bn.pth"));
        model.eval();

        using var output = model.call(golden["input"]);
        Assert.True(output.allclose(golden["vgg_output"], rtol: 1e-4, atol: 1e-5),
            $"C# {output.str()} vs PyTorch {golden["vgg_output"].str()}");
    }

    [Fact]
    public void APyTorchSmallCnnStateDictGivesPyTorchsOutputs()
    {
        var golden = PretrainedStateDict.Read(Fixture("golden.pth"));
        using var model = new SmallCnn(new SmallCnnConfig(3, 3, Width: 4, Blocks: 2));

        PretrainedStateDict.Load(model, Fixture("small-cnn.pth"));
        model.eval();

        using var output = model.call(golden["input"]);
        Assert.True(output.allclose(golden["cnn_output"], rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void AStateDictOfAnotherWidthIsRefusedNamingTheParameterAndBothShapes()
    {
        using var model = new SmallCnn(new SmallCnnConfig(3, 3, Width: 5, Blocks: 2));

        var error = Assert.Throws<PretrainedWeightsException>(() => PretrainedStateDict.Load(model, Fixture("small-cnn.pth")));

        Assert.Contains("backbone.conv1.weight is [4, 3, 3, 3] in the file but [5, 3, 3, 3] in the model", error.Message);
    }

    [Fact]
    public void AStateDictOfAnotherModelIsRefusedNamingMissingAndUnexpectedParameters()
    {
        using var model = new Vgg(SmallVgg);

        var error = Assert.Throws<PretrainedWeightsException>(() => PretrainedStateDict.Load(model, Fixture("small-cnn.pth")));

        // 18 = the small VGG's 20 entries without its two num_batches_tracked counters; 6 = the SmallCnn's entries.
        Assert.Contains("18 missing (classifier.0.bias, classifier.0.weight,", error.Message);
        Assert.Contains("6 unexpected (backbone.conv1.bias, backbone.conv1.weight,", error.Message);
    }

    [Fact]
    public void AFileThatIsNotAStateDictIsRefusedWithItsPath()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("vgg19-dcbb9e9d.pth");
        File.WriteAllText(path, "<html>not found</html>");
        using var model = new SmallCnn();

        var error = Assert.Throws<PretrainedWeightsException>(() => PretrainedStateDict.Load(model, path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void PyBridgesWriterRoundTripsTheZoosResNetIntoTorchVisionsWithTheSameOutputs()
    {
        // The zoo's ResNet-18 written in PyTorch's format by PyBridge, read back by name into TorchVision's resnet18
        // (torchvision's parameter names): same names, same shapes, and the same function once the weights are copied.
        using var folder = new TemporaryFolder();
        var path = folder.Combine("resnet18.pth");
        using var zoo = new ResNet(ResNetConfig.ResNet18());
        zoo.eval();
        zoo.save_py(path);
        using var vision = torchvision.models.resnet18();
        vision.eval();

        PretrainedStateDict.Load(vision, path);

        using var generator = new Generator(5);
        using var x = randn([2, 3, 64, 64], generator: generator);
        using var noGrad = no_grad();
        using var expected = zoo.call(x);
        using var actual = vision.call(x);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void TheZoosResNet50HasTorchVisionsParameterNamesAndShapes()
    {
        using var zoo = new ResNet(ResNetConfig.ResNet50());
        using var vision = torchvision.models.resnet50();

        var zooShapes = zoo.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
        var visionShapes = vision.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));

        Assert.Equal(visionShapes.OrderBy(kv => kv.Key), zooShapes.OrderBy(kv => kv.Key));
    }
}
