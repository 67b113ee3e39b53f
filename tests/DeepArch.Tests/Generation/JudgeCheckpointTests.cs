using DeepArch.Data;
using DeepArch.Generation;
using DeepArch.Models;
using DeepArch.Training;

namespace DeepArch.Tests.Generation;

// The seeded-judge test compares two trainings bit for bit: no other test may draw from torch's generator meanwhile.
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class JudgeCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deeparch-judge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_checkpoint_that_does_not_recognise_the_images_is_not_used_as_the_judge()
    {
        // Shapes stand in for digits; an untrained LeNet-5 of the right shape plays a checkpoint trained on other data.
        using var shapes = Shapes.Generate(300, size: 28, seed: 1, grayscale: true);
        var train = shapes.Images;
        var checkpoint = Path.Combine(_folder, "lenet5-mnist.ckpt");
        Checkpoint.Save(new LeNet5(new LeNet5Config(1, train.Classes.Count, 28)), checkpoint, epoch: 1);

        var judge = Judge.ForMnist(train, checkpoint, epochs: 1, seed: 1);

        Assert.Contains("was not used", judge.Source);
        Assert.DoesNotContain("from " + checkpoint, judge.Source);
    }

    [Fact]
    public void A_trained_judge_depends_on_its_seed_only_not_on_what_drew_random_numbers_before()
    {
        using var shapes = Shapes.Generate(200, size: 28, seed: 2, grayscale: true);
        using var probe = shapes.Images.ToTensor()[..8];

        var first = Judge.ForMnist(shapes.Images, epochs: 1, seed: 3).Features(probe);
        TorchSharp.torch.rand(1000).Dispose();                                      // another draw from the global generator
        var second = Judge.ForMnist(shapes.Images, epochs: 1, seed: 3).Features(probe);

        Assert.True(first.equal(second).all().item<bool>());
    }
}
