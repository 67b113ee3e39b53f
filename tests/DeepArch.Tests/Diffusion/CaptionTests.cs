using DeepArch.Data;
using DeepArch.Diffusion;

namespace DeepArch.Tests.Diffusion;

public sealed class CaptionTests
{
    [Fact]
    public void EveryShapeAndColourHasItsOwnPairOfTokens()
    {
        var vocabulary = CaptionVocabulary.Shapes;

        var pairs = Enumerable.Range(0, 5).SelectMany(s => Enumerable.Range(0, 6).Select(c => string.Join(",", vocabulary.Encode(Shapes.Caption(s, c)))));

        Assert.Equal(30, pairs.Distinct().Count());
        Assert.Equal("∅", vocabulary.Words[0]);
    }

    [Fact]
    public void ACaptionEncodesToTheIdsOfItsWords()
    {
        var vocabulary = CaptionVocabulary.Shapes;

        var tokens = vocabulary.Encode("Étoile  verte");

        Assert.Equal(["étoile", "verte"], tokens.Select(id => vocabulary.Words[(int)id]));
    }

    [Fact]
    public void AnUnknownWordIsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => CaptionVocabulary.Shapes.Encode("pomme rouge"));

        Assert.Contains("« pomme »", error.Message);
        Assert.Contains("cercle", error.Message);
    }

    [Fact]
    public void TheColourReadFromThePixelsIsTheColourTheShapeWasDrawnIn()
    {
        using var shapes = Shapes.Generate(300, size: 28, seed: 5, noise: 0.03);
        using var images = shapes.Images.ToTensor();

        var read = ShapeColorJudge.Colors(images);

        var truth = shapes.Colors.data<long>().ToArray();
        Assert.True(read.Zip(truth).Count(p => p.First == p.Second) >= 297, $"{read.Zip(truth).Count(p => p.First == p.Second)} of 300");
    }

    [Fact]
    public void ABlackImageHasNoColour()
    {
        Assert.Equal([-1L], ShapeColorJudge.Colors(TorchSharp.torch.zeros(1, 3, 28, 28)));
    }
}
