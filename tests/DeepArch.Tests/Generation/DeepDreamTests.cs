using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class DeepDreamTests
{
    [Fact]
    public void DreamingRaisesTheChosenLayersActivationNorm()
    {
        var features = StyleFeatures.RandomConvolutions([4, 8], seed: 2);
        using var generator = new Generator(9);
        using var image = rand([1, 3, 16, 16], generator: generator);

        using var dreamt = DeepDream.Dream(features, 1, image, new DeepDreamOptions(Octaves: 2, Steps: 5, Rate: 0.02));

        using var noGrad = no_grad();
        Assert.Equal(image.shape, dreamt.shape);
        Assert.True(DeepDream.Energy(features, 1, dreamt).item<float>() < DeepDream.Energy(features, 1, image).item<float>());
    }

    [Fact]
    public void ABatchOfImagesIsRefused()
    {
        var features = StyleFeatures.RandomConvolutions([4], seed: 2);
        using var images = zeros(2, 3, 8, 8);

        Assert.Throws<ArgumentException>(() => DeepDream.Dream(features, 0, images));
    }
}
