using DeepArch.Training.Recipes;

namespace DeepArch.Tests.Training.Recipes;

public sealed class SampleRequestTests
{
    [Fact]
    public void OnlyTheFieldsThatAreSetAreNamedByTheirOptions()
    {
        var request = new SampleRequest { Count = 5, Seed = 3, Caption = "cercle rouge", Eta = 0, Temperature = 0.5 };

        Assert.Equal(["--caption", "--eta", "--temperature"], request.OptionsSet());
        Assert.Empty(new SampleRequest { Count = 5, Seed = 3 }.OptionsSet());
    }

    [Fact]
    public void EveryOptionOfTheRequestIsNamed()
    {
        var request = new SampleRequest
        {
            Class = 1, Caption = "carré vert", Sampler = "ddim", Steps = 10, Eta = 1, Guidance = 2, Prompt = "a", Length = 3, Temperature = 1,
        };

        Assert.Equal(["--class", "--caption", "--sampler", "--steps", "--eta", "--guidance", "--prompt", "--length", "--temperature"],
            request.OptionsSet());
    }

    [Fact]
    public void AcceptOnlyRefusesTheOtherOptionsInOneLine()
    {
        var request = new SampleRequest { Class = 2, Eta = 1, Prompt = "x" };

        var error = Assert.Throws<ArgumentException>(() => request.AcceptOnly("demo draws images", "--prompt"));

        Assert.Equal("demo draws images: --class, --eta do not apply to it.", error.Message);
        request.AcceptOnly("demo", "--class", "--eta", "--prompt");
        var single = Assert.Throws<ArgumentException>(() => new SampleRequest { Steps = 3 }.AcceptOnly("demo"));
        Assert.Equal("demo: --steps does not apply to it.", single.Message);
    }
}
