using DeepArch.Data;

namespace DeepArch.Tests.Data;

public sealed class DataRootTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnExplicitRootWinsOverTheEnvironment()
    {
        var root = DataRoot.ResolveFrom(_folder.Combine("mine"), Environment(("DEEPARCH_DATA", "/elsewhere")), _folder.Path);

        Assert.Equal(_folder.Combine("mine"), root);
    }

    [Fact]
    public void TheEnvironmentVariableWinsOverTheCheckout()
    {
        File.WriteAllText(_folder.Combine("DeepArch.Notebooks.sln"), "");

        var root = DataRoot.ResolveFrom(null, Environment(("DEEPARCH_DATA", _folder.Combine("env"))), _folder.Path);

        Assert.Equal(_folder.Combine("env"), root);
    }

    [Fact]
    public void TheCheckoutIsFoundFromASubfolderAndGivesItsDatasetsCache()
    {
        File.WriteAllText(_folder.Combine("DeepArch.Notebooks.sln"), "");
        var notebooks = Directory.CreateDirectory(_folder.Combine("notebooks", "assignments")).FullName;

        var root = DataRoot.ResolveFrom(null, Environment(), notebooks);

        Assert.Equal(_folder.Combine("datasets", "cache"), root);
    }

    [Fact]
    public void LaterSearchStartsAreTriedWhenTheFirstIsOutsideACheckout()
    {
        var outside = Directory.CreateDirectory(_folder.Combine("outside")).FullName;
        var checkout = Directory.CreateDirectory(_folder.Combine("checkout")).FullName;
        File.WriteAllText(Path.Combine(checkout, "DeepArch.Notebooks.sln"), "");
        var binaries = Directory.CreateDirectory(Path.Combine(checkout, "src", "bin")).FullName;

        var root = DataRoot.ResolveFrom(null, Environment(), outside, binaries);

        Assert.Equal(Path.Combine(checkout, "datasets", "cache"), root);
    }

    [Fact]
    public void OutsideACheckoutThePerUserCacheIsUsed()
    {
        if (OperatingSystem.IsWindows())
            return;   // the Windows location comes from the OS, not from XDG_CACHE_HOME
        var outside = Directory.CreateDirectory(_folder.Combine("outside")).FullName;

        var root = DataRoot.ResolveFrom(null, Environment(("XDG_CACHE_HOME", _folder.Combine("xdg"))), outside);

        Assert.Equal(_folder.Combine("xdg", "deeparch", "datasets"), root);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
