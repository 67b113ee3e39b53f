using DeepArch.Generation;
using DeepArch.Training;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

/// <summary>Runs alone: the training test seeds torch's global generator and must not share it (see GlobalRandomState).</summary>
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class DrawTests
{
    private static readonly DrawConfig Small = new(Height: 12, Width: 10, Steps: 4, EncoderSize: 16, DecoderSize: 16, LatentSize: 3);

    [Fact]
    public void ARunKeepsACanvasAndBothWindowsPerStepAndANonNegativeKl()
    {
        DeepArch.Runtime.Seeding.Seed(1);
        using var model = new Draw(Small);

        var pass = model.Run(rand(2, 1, 12, 10), keepSteps: true);

        Assert.Equal([2L, 1, 12, 10], pass.CanvasLogits.shape);
        Assert.Equal(4, pass.Canvases.Count);
        Assert.Equal((4, 4), (pass.ReadWindows.Count, pass.WriteWindows.Count));
        Assert.Equal([2L, 1, 12, 10], pass.Canvases[^1].shape);
        Assert.True(pass.Kl.ge(0).all().item<bool>());
    }

    [Fact]
    public void EachFilterIsAGaussianOverPixelPositionsThatSumsToOne()
    {
        // g̃ = 0 centres the window: g_X = (W + 1)/2 = 5.5; δ̃ = 1 gives δ = (max(H, W) − 1)/(N − 1) = 11/4 for N = 5.
        using var parameters = tensor(new float[] { 0, 0, (float)Math.Log(4.0), 0, 0 }, [1, 5]);
        var window = DrawAttention.Window(parameters, height: 12, width: 10, gridSize: 5);
        var (fx, _) = DrawAttention.Filterbanks(window, height: 12, width: 10);

        // Filter i = 1 of 5 has μ = 5.5 + (1 − 2.5 − 0.5)·2.75 = 0; σ² = 4.
        var row = fx[0, 0].data<float>().ToArray();
        var unnormalised = Enumerable.Range(0, 10).Select(a => Math.Exp(-(a - 0.0) * (a - 0.0) / 8)).ToArray();
        var total = unnormalised.Sum();

        Assert.Equal(1.0, row.Sum(), 5);
        for (var a = 0; a < 10; a++)
            Assert.Equal(unnormalised[a] / total, row[a], 5);
    }

    [Fact]
    public void AFewStepsLowerTheNegativeElbo()
    {
        DeepArch.Runtime.Seeding.Seed(2);
        using var model = new Draw(Small);
        using var x = rand(1, 1, 12, 10).gt(0.5).to_type(ScalarType.Float32).repeat(8, 1, 1, 1);
        var learner = new DrawLearner(model) { LearningRate = 1e-2 };
        var batch = new Batch(x, zeros(8, dtype: ScalarType.Int64));
        var first = learner.Forward(batch).Result.Values[DrawLearner.NegativeElboNats];

        for (var step = 0; step < 80; step++)
        {
            var (loss, _) = learner.Forward(batch);
            learner.Optimizer!.zero_grad();
            loss.backward();
            learner.Optimizer.step();
        }

        var last = learner.Forward(batch).Result.Values[DrawLearner.NegativeElboNats];
        Assert.True(last < 0.8 * first, $"−ELBO {first:F2} → {last:F2} nats");
    }

    [Fact]
    public void GeneratingKeepsEachStepsCanvasInTheUnitRange()
    {
        using var model = new Draw(Small);

        var pass = model.Generate(3, keepSteps: true);

        Assert.Equal(4, pass.Canvases.Count);
        Assert.True(pass.Canvases.All(canvas => canvas.ge(0).all().item<bool>() && canvas.le(1).all().item<bool>()));
        Assert.Equal([3L, 1, 12, 10], pass.CanvasLogits.shape);
    }

    [Fact]
    public void AWindowOverlayOutlinesItsExtentInRed()
    {
        using var images = zeros(1, 1, 12, 10);
        var window = new DrawWindow(tensor(new float[] { 5 }), tensor(new float[] { 6 }), tensor(new float[] { 1 }),
            tensor(new float[] { 1 }), tensor(new float[] { 1 }), GridSize: 4);   // spans x 3..7, y 4..8

        using var rgb = window.Overlay(images);

        Assert.Equal(1f, rgb[0, 0, 4, 3].item<float>());       // a corner, red
        Assert.Equal(0f, rgb[0, 1, 4, 3].item<float>());
        Assert.Equal(0f, rgb[0, 0, 6, 5].item<float>());       // the inside stays as it was
    }
}
