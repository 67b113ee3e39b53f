using DeepArch.Models;
using DeepArch.Models.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Tests.Models;

public sealed class ModelSummaryTests
{
    // [3, 8, 8] → conv 3×3 (3 → 8) → BN → ReLU → grouped conv 3×3 (8 → 8, 4 groups) → max pool 2
    // → up-convolution 2×2 stride 2 (8 → 4) → flatten → Linear(4·8·8 → 10).
    private static Sequential TinyNet() => Sequential(
        ("conv", Conv2d(3, 8, kernel_size: 3, padding: 1)),
        ("bn", BatchNorm2d(8)),
        ("relu", ReLU()),
        ("grouped", Conv2d(8, 8, kernel_size: 3, padding: 1, groups: 4)),
        ("pool", MaxPool2d(2)),
        ("up", ConvTranspose2d(8, 4, kernel_size: 2, stride: 2)),
        ("flatten", Flatten()),
        ("fc", Linear(4 * 8 * 8, 10)));

    [Fact]
    public void MacsOfATinyNetMatchHandArithmetic()
    {
        using var net = TinyNet();

        var summary = ModelSummary.Of(net, 3, 8, 8);

        // k·k·(C_in/groups)·C_out per output position; the up-convolution per input position; Linear in·out.
        var conv = 3 * 3 * 3 * 8 * (8 * 8);
        var grouped = 3 * 3 * (8 / 4) * 8 * (8 * 8);
        var up = 2 * 2 * 8 * 4 * (4 * 4);
        var fc = 256 * 10;
        Assert.Equal(conv + grouped + up + fc, summary.Macs);
        Assert.Equal([conv, 0, 0, grouped, 0, up, 0, fc], summary.Layers.Select(layer => layer.Macs));
    }

    [Fact]
    public void ParametersAreSplitByLayerType()
    {
        using var net = TinyNet();

        var summary = ModelSummary.Of(net, 3, 8, 8);

        Assert.Equal((3 * 8 * 9 + 8) + (2 * 8 * 9 + 8) + (8 * 4 * 4 + 4), summary.ConvolutionParameters);
        Assert.Equal(256 * 10 + 10, summary.DenseParameters);
        Assert.Equal(2 * 8, summary.OtherParameters); // BN's γ and β
        Assert.Equal(net.parameters().Sum(p => p.numel()), summary.Parameters);
        Assert.Equal((double)summary.DenseParameters / summary.Parameters, summary.DenseShare, 12);
    }

    [Fact]
    public void LayersAreListedInExecutionOrderWithPerSampleShapes()
    {
        using var net = TinyNet();

        var summary = ModelSummary.Of(net, 3, 8, 8);

        Assert.Equal(["conv", "bn", "relu", "grouped", "pool", "up", "flatten", "fc"], summary.Layers.Select(layer => layer.Name));
        var up = summary.Layers.Single(layer => layer.Name == "up");
        Assert.Equal("ConvTranspose2d", up.Type);
        Assert.Equal(LayerKind.Convolution, up.Kind);
        Assert.Equal([8L, 4, 4], up.InputShape);
        Assert.Equal([4L, 8, 8], up.OutputShape);
        Assert.Equal([3L, 8, 8], summary.InputShape);
        Assert.Equal([10L], summary.OutputShape);
    }

    [Fact]
    public void ALayerCalledTwiceCountsItsMacsTwiceAndItsParametersOnce()
    {
        // LeNet-5 applies one activation module after four layers; a shared Linear shows the same for parameters.
        using var shared = Linear(4, 4);
        using var net = new Twice(shared);

        var summary = ModelSummary.Of(net, 4);

        Assert.Equal(2 * 4 * 4, summary.Macs);
        Assert.Equal([4 * 4 + 4, 0], summary.Layers.Select(layer => layer.Parameters));
        Assert.Equal(4 * 4 + 4, summary.Parameters);
    }

    [Fact]
    public void AModelThatCannotTakeAnEmptyBatchIsTracedOnOneImage()
    {
        using var net = new ViewFlatten();

        var summary = ModelSummary.Of(net, 1, 6, 6);

        Assert.Equal(1 * 2 * 9 * (6 * 6) + 72 * 3, summary.Macs);
        Assert.Equal([3L], summary.OutputShape);
    }

    [Fact]
    public void TheTrainingModeOfEveryModuleIsRestored()
    {
        using var net = TinyNet();
        net.train();
        var bn = net.named_modules().Single(entry => entry.name == "bn").module;
        bn.eval(); // e.g. frozen statistics while fine-tuning

        ModelSummary.Of(net, 3, 8, 8);

        Assert.True(net.training);
        Assert.False(bn.training);
        Assert.True(net.named_modules().Single(entry => entry.name == "conv").module.training);
    }

    [Fact]
    public void AShapeTheModelRejectsGivesTheModelsMessage()
    {
        using var alexnet = new DeepArch.Models.AlexNet(new AlexNetConfig(Classes: 10));

        var error = Assert.Throws<ArgumentException>(() => ModelSummary.Of(alexnet, 3, 32, 32));

        Assert.Contains("AlexNet expects images [batch, 3, height, width] with height and width ≥ 63", error.Message);
        Assert.Contains("got [1, 3, 32, 32]", error.Message);
    }

    [Fact]
    public void AnEmptyOrNonPositiveShapeIsRejected()
    {
        using var net = TinyNet();

        Assert.Throws<ArgumentException>(() => ModelSummary.Of(net));
        var error = Assert.Throws<ArgumentException>(() => ModelSummary.Of(net, 3, 0, 8));
        Assert.Contains("[3, 0, 8]", error.Message);
    }

    [Fact]
    public void TracingLeavesNoLiveTensorsBehind()
    {
        using var net = new CifarResNet();
        ModelSummary.Of(net, 3, 32, 32);   // first use may create lasting state
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        ModelSummary.Of(net, 3, 32, 32);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private sealed class Twice : Module<Tensor, Tensor>
    {
        private readonly Linear layer;

        public Twice(Linear layer) : base(nameof(Twice))
        {
            this.layer = layer;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => layer.call(layer.call(x));
    }

    // x.view(batch, -1) is ambiguous for an empty batch, as in many hand-written classifiers.
    private sealed class ViewFlatten : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = Conv2d(1, 2, kernel_size: 3, padding: 1);
        private readonly Linear fc = Linear(72, 3);

        public ViewFlatten() : base(nameof(ViewFlatten)) => RegisterComponents();

        public override Tensor forward(Tensor x) => fc.call(conv.call(x).view(x.shape[0], -1));
    }
}
