using DeepArch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

public sealed class SmallCnnTests
{
    [Fact]
    public void ParametersMatchTheLayersCountedByHand()
    {
        using var model = new SmallCnn(new SmallCnnConfig(InputChannels: 1, Classes: 3, Width: 8, Blocks: 3));

        // conv 1→8, 8→16, 16→32 (3×3, with bias), then a 32→3 linear head.
        long expected = (9 * 1 + 1) * 8 + (9 * 8 + 1) * 16 + (9 * 16 + 1) * 32 + 32 * 3 + 3;
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        Assert.Equal(32, model.FeatureCount);
        using var x = randn(2, 1, 16, 16);
        using var y = model.call(x);
        Assert.Equal(new long[] { 2, 3 }, y.shape);
    }

    [Fact]
    public void TransferCopiesTheBackboneUnderANewHead()
    {
        DeepArch.Runtime.Seeding.Seed(1);
        using var source = new SmallCnn(new SmallCnnConfig(Classes: 3, Width: 4, Blocks: 2));
        using var target = source.Transfer(classes: 2, freezeBackbone: false);
        using var x = randn(5, 1, 8, 8);

        using var a = source.Features(x);
        using var b = target.Features(x);
        using var logits = target.call(x);

        Assert.True(a.allclose(b));
        Assert.Equal(new long[] { 5, 2 }, logits.shape);
        Assert.False(target.BackboneFrozen);
        Assert.Equal(target.parameters().Sum(p => p.numel()), target.TrainableParameters);
    }

    [Fact]
    public void AFrozenBackboneDoesNotMoveUnderAdamWWithWeightDecayWhileTheHeadDoes()
    {
        DeepArch.Runtime.Seeding.Seed(2);
        using var source = new SmallCnn(new SmallCnnConfig(Classes: 3, Width: 4, Blocks: 2));
        using var frozen = source.Transfer(classes: 2, freezeBackbone: true);
        var before = frozen.parameters().Select(p => p.detach().clone()).ToList();
        using var optimizer = optim.AdamW(frozen.parameters(), lr: 0.1, weight_decay: 0.1);
        using var x = randn(4, 1, 8, 8);
        using var targets = tensor(new long[] { 0, 1, 0, 1 });

        nn.functional.cross_entropy(frozen.call(x), targets).backward();
        optimizer.step();

        var after = frozen.parameters().ToList();
        Assert.True(frozen.BackboneFrozen);
        Assert.Equal(2 * frozen.FeatureCount + 2, frozen.TrainableParameters);   // the head's weights and biases
        for (var i = 0; i < after.Count; i++)
            Assert.Equal(after[i].requires_grad, !before[i].equal(after[i]).all().item<bool>());
    }
}
