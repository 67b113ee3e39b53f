using DeepArch.Models;

namespace DeepArch.Tests.Models;

/// <summary>
/// The zoo against independent figures. ImageNet models: parameters and MACs published by torchvision for its
/// reference definitions (weights metadata <c>num_params</c> and the "GFLOPS" column of its model table, which counts
/// multiply-accumulates of convolution and linear layers at 224×224, or at the EfficientNets' crop sizes).
/// Small models: hand arithmetic, written out below.
/// </summary>
public sealed class ModelZooTests(ZooRuns zoo) : IClassFixture<ZooRuns>
{
    // name, parameters, output of one sample at the native input.
    public static TheoryData<string, long, long[]> Expected => new()
    {
        { "lenet5", LeNet5Parameters, [10] },
        { "alexnet", 61_100_840, [1000] },
        { "vgg11", 132_863_336, [1000] },
        { "vgg13", 133_047_848, [1000] },
        { "vgg16", 138_357_544, [1000] },
        { "vgg19", 143_667_240, [1000] },
        { "resnet18", 11_689_512, [1000] },
        { "resnet34", 21_797_672, [1000] },
        { "resnet50", 25_557_032, [1000] },
        { "unet", UNetArithmetic.Parameters(inChannels: 1, classes: 2, depth: 4, width: 64, skips: true, batchNorm: false), [2, 512, 512] },
        { "densenet121", 7_978_856, [1000] },
        { "efficientnet-b0", 5_288_548, [1000] },
        { "efficientnet-b1", 7_794_184, [1000] },
        { "efficientnet-b2", 9_109_994, [1000] },
        { "efficientnet-b3", 12_233_232, [1000] },
        { "efficientnet-b4", 19_341_616, [1000] },
        { "efficientnet-b5", 30_389_784, [1000] },
        { "efficientnet-b6", 43_040_704, [1000] },
        { "efficientnet-b7", 66_347_960, [1000] },
        { "resnet20", ResNet20Parameters, [10] },
        { "plain20", ResNet20Parameters, [10] },
        { "vgg-small", VggSmallParameters, [10] },
        { "unet-small", UNetArithmetic.Parameters(inChannels: 3, classes: 6, depth: 3, width: 16, skips: true, batchNorm: true), [6, 64, 64] },
    };

    // torchvision's GFLOPS column (multiply-accumulates), given to 2–3 decimals. EfficientNet-B2 is missing: torchvision
    // measures it at 288×288, the zoo at the paper's 260×260 (EfficientNetTests checks 288).
    public static TheoryData<string, double> PublishedGigaMacs => new()
    {
        { "alexnet", 0.714 }, { "vgg11", 7.609 }, { "vgg13", 11.308 }, { "vgg16", 15.47 }, { "vgg19", 19.632 },
        { "resnet18", 1.814 }, { "resnet34", 3.664 }, { "resnet50", 4.089 }, { "densenet121", 2.834 },
        { "efficientnet-b0", 0.39 }, { "efficientnet-b1", 0.69 }, { "efficientnet-b3", 1.83 }, { "efficientnet-b4", 4.39 },
        { "efficientnet-b5", 10.27 }, { "efficientnet-b6", 19.07 }, { "efficientnet-b7", 37.75 },
    };

    // Hand-derived MACs of the small models at their native input.
    public static TheoryData<string, long> HandMacs => new()
    {
        { "lenet5", LeNet5Macs },
        { "resnet20", ResNet20Macs },
        { "plain20", ResNet20Macs },
        { "vgg-small", VggSmallMacs },
        { "unet", UNetArithmetic.Macs(inChannels: 1, classes: 2, depth: 4, width: 64, skips: true, side: 512) },
        { "unet-small", UNetArithmetic.Macs(inChannels: 3, classes: 6, depth: 3, width: 16, skips: true, side: 64) },
    };

    public static TheoryData<string> Names => new(ModelZoo.Models.Select(model => model.Name));

    [Fact]
    public void EveryZooModelHasAnExpectation()
    {
        var expected = Expected.Select(row => (string)row[0]).Order();
        Assert.Equal(ModelZoo.Models.Select(model => model.Name).Order(), expected);
    }

    [Theory, MemberData(nameof(Expected))]
    public void ParametersMatchTheReference(string name, long parameters, long[] output)
    {
        var summary = zoo.Runs[name].Summary;
        Assert.Equal(parameters, summary.Parameters);
        Assert.Equal(output, summary.OutputShape);
    }

    [Theory, MemberData(nameof(PublishedGigaMacs))]
    public void MacsMatchThePublishedFigures(string name, double gigaMacs)
    {
        var macs = zoo.Runs[name].Summary.Macs / 1e9;
        Assert.True(Math.Abs(macs - gigaMacs) / gigaMacs < 0.015, $"{name}: {macs:0.000} GMACs, published {gigaMacs}");
    }

    [Theory, MemberData(nameof(HandMacs))]
    public void MacsOfTheSmallModelsMatchHandArithmetic(string name, long macs) =>
        Assert.Equal(macs, zoo.Runs[name].Summary.Macs);

    [Theory, MemberData(nameof(Names))]
    public void ForwardPassOfTwoSmallImagesHasTheExpectedShape(string name)
    {
        var run = zoo.Runs[name];
        var perSample = run.Summary.OutputShape;
        // Classifiers give one score per class; U-Nets one per class and pixel, at the input's size.
        long[] expected = perSample.Count == 1 ? [2, perSample[0]] : [2, perSample[0], run.SmallInput[2], run.SmallInput[3]];
        Assert.Equal(expected, run.SmallOutput);
    }

    [Theory, MemberData(nameof(Names))]
    public void ParameterSharesAddUp(string name)
    {
        var s = zoo.Runs[name].Summary;
        Assert.Equal(s.Parameters, s.ConvolutionParameters + s.DenseParameters + s.OtherParameters);
        Assert.InRange(s.ConvolutionShare + s.DenseShare, 0.97, 1.0); // the rest is batch normalization
    }

    [Fact]
    public void MostOfAlexNetAndVggLivesInTheClassifierAndMostOfResNetInConvolutions()
    {
        // The lecture's quiz: 58,631,144 of AlexNet's 61,100,840 parameters are in its three Linear layers
        // (9216·4096 + 4096 + 4096·4096 + 4096 + 4096·1000 + 1000).
        Assert.Equal(9216L * 4096 + 4096 + 4096L * 4096 + 4096 + 4096L * 1000 + 1000, zoo.Runs["alexnet"].Summary.DenseParameters);
        Assert.True(zoo.Runs["vgg16"].Summary.DenseShare > 0.85);
        Assert.True(zoo.Runs["resnet50"].Summary.ConvolutionShare > 0.9);
    }

    [Fact]
    public void FromEfficientNetB0ToB7TheCostGrowsByAboutAlphaBetaSquaredGammaSquaredPerStep()
    {
        var ratio = (double)zoo.Runs["efficientnet-b7"].Summary.Macs / zoo.Runs["efficientnet-b0"].Summary.Macs;

        // Single steps stray (B1/B0 = 1.78, B4/B3 = 2.40: widths round to multiples of 8, depths round up), but over
        // seven steps the geometric mean is the compound rule's α·β²·γ² = 1.92.
        Assert.InRange(Math.Pow(ratio, 1.0 / 7), 1.85, 2.0);
    }

    // C1 1·6·25+6, C3 6·16·25+16, C5 16·120·25+120, F6 120·84+84, output 84·10+10.
    private const long LeNet5Parameters = (1 * 6 * 25 + 6) + (6 * 16 * 25 + 16) + (16 * 120 * 25 + 120) + (120 * 84 + 84) + (84 * 10 + 10);

    // Per output position: C1 on 28×28 (padding 2), C3 on 10×10, C5 on 1×1, then the two Linear layers.
    private const long LeNet5Macs = 1 * 6 * 25 * 28 * 28 + 6 * 16 * 25 * 10 * 10 + 16 * 120 * 25 + 120 * 84 + 84 * 10;

    // ResNet-20 (3 stages of 3 basic blocks, 16/32/64 channels, parameter-free shortcuts): stem conv 3·16·9 + BN 2·16;
    // per stage, six 3×3 convolutions and six BNs, the first convolution of stages 2 and 3 taking half the channels.
    private const long ResNet20Parameters =
        3 * 16 * 9 + 2 * 16
        + 6 * (16 * 16 * 9 + 2 * 16)
        + (16 * 32 * 9) + 5 * (32 * 32 * 9) + 6 * 2 * 32
        + (32 * 64 * 9) + 5 * (64 * 64 * 9) + 6 * 2 * 64
        + 64 * 10 + 10;

    private const long ResNet20Macs =
        3 * 16 * 9 * 32 * 32
        + 6 * (16 * 16 * 9) * 32 * 32
        + (16 * 32 * 9 + 5 * 32 * 32 * 9) * 16 * 16
        + (32 * 64 * 9 + 5 * 64 * 64 * 9) * 8 * 8
        + 64 * 10;

    // Six 3×3 convolutions with bias and BN (32 32 M 64 64 M 128 128 M), global pooling, 128 → 256 → 256 → 10.
    private const long VggSmallParameters =
        (3 * 32 * 9 + 32) + (32 * 32 * 9 + 32) + (32 * 64 * 9 + 64) + (64 * 64 * 9 + 64) + (64 * 128 * 9 + 128) + (128 * 128 * 9 + 128)
        + 2 * (32 + 32 + 64 + 64 + 128 + 128)
        + (128 * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10);

    private const long VggSmallMacs =
        (3 * 32 * 9 + 32 * 32 * 9) * 32 * 32 + (32 * 64 * 9 + 64 * 64 * 9) * 16 * 16 + (64 * 128 * 9 + 128 * 128 * 9) * 8 * 8
        + 128 * 256 + 256 * 256 + 256 * 10;
}
