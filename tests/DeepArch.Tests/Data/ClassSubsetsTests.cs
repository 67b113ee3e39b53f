using DeepArch.Data;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class ClassSubsetsTests
{
    // Six 1×1×1 images whose pixel value is their index, labelled 2, 0, 1, 2, 0, 2.
    private static ImageDataset Sample() => new(
        tensor(new byte[] { 0, 10, 20, 30, 40, 50 }, new long[] { 6, 1, 1, 1 }),
        tensor(new long[] { 2, 0, 1, 2, 0, 2 }),
        ["a", "b", "c"]);

    [Fact]
    public void OnlyClassesKeepsThoseImagesInOrderAndRelabelsThemInTheOrderGiven()
    {
        using var source = Sample();

        using var subset = source.OnlyClasses(2, 0);

        Assert.Equal(["c", "a"], subset.Classes);
        Assert.Equal(new byte[] { 0, 10, 30, 40, 50 }, subset.Pixels.data<byte>().ToArray());
        Assert.Equal(new long[] { 0, 1, 0, 1, 0 }, subset.Labels.data<long>().ToArray());
    }

    [Fact]
    public void OnlyClassesRejectsRepeatedOrUnknownClasses()
    {
        using var source = Sample();

        Assert.Throws<ArgumentException>(() => source.OnlyClasses(0, 0));
        Assert.Throws<ArgumentException>(() => source.OnlyClasses(3));
        Assert.Throws<ArgumentException>(() => source.OnlyClasses());
    }

    [Fact]
    public void TakePerClassKeepsTheFirstImagesOfEachClassAndTheSourceStatistics()
    {
        using var source = Sample();

        using var few = source.TakePerClass(2);

        Assert.Equal(new byte[] { 0, 10, 20, 30, 40 }, few.Pixels.data<byte>().ToArray());   // the third "c" (50) is dropped
        Assert.Equal(new long[] { 2, 0, 1, 2, 0 }, few.Labels.data<long>().ToArray());
        Assert.Equal(source.Mean, few.Mean);
        Assert.Equal(source.Std, few.Std);
    }
}
