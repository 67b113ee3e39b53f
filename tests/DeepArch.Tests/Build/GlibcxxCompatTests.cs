using DeepArch.BuildTools;

namespace DeepArch.Tests.Build;

public sealed class GlibcxxCompatTests : IDisposable
{
    private static readonly IReadOnlySet<string> OldHost = new HashSet<string> { "GLIBCXX_3.4.29", "GLIBCXX_3.4.30" };
    private static readonly IReadOnlySet<string> NewHost = new HashSet<string> { "GLIBCXX_3.4.30", "GLIBCXX_3.4.31", "GLIBCXX_3.4.32" };
    private readonly string _directory = Directory.CreateTempSubdirectory("deeparch-compat-").FullName;
    private readonly string _library;

    public GlibcxxCompatTests()
    {
        // Start from the build output's copy and clear the flag, giving the library exactly as TorchSharp ships it
        // whatever this host needed.
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        _library = Path.Combine(_directory, "libLibTorchSharp.so");
        File.Copy(output, _library);
        var elf = ElfFile.Read(_library);
        var need = Need(elf);
        elf.SetFlags(need, (ushort)(need.Flags & ~ElfFile.VerFlagWeak));
        File.WriteAllBytes(_library, elf.Bytes.ToArray());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ShippedLibraryRequiresTheVersionOnlyForTheIostreamMarker()
    {
        var elf = ElfFile.Read(_library);
        var need = Need(elf);
        Assert.False(need.IsWeak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsWithVersion(need.Index));
    }

    [Fact]
    public void OnAnOldHostOnlyThatRequirementBecomesWeak()
    {
        var before = File.ReadAllBytes(_library);

        Assert.Equal(CompatOutcome.Applied, GlibcxxCompat.Apply(_library, OldHost));

        var after = File.ReadAllBytes(_library);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(changed);
        var needs = ElfFile.Read(_library).VersionNeeds();
        Assert.Equal([GlibcxxCompat.RequiredVersion], needs.Where(n => n.IsWeak).Select(n => n.Version));
    }

    [Fact]
    public void ApplyingTwiceChangesNothingTheSecondTime()
    {
        GlibcxxCompat.Apply(_library, OldHost);
        var once = File.ReadAllBytes(_library);
        var stamp = File.GetLastWriteTimeUtc(_library);

        Assert.Equal(CompatOutcome.AlreadyApplied, GlibcxxCompat.Apply(_library, OldHost));

        Assert.Equal(once, File.ReadAllBytes(_library));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(_library));
    }

    [Fact]
    public void OnAHostWithTheVersionTheLibraryIsLeftAlone()
    {
        var before = File.ReadAllBytes(_library);

        Assert.Equal(CompatOutcome.NotNeeded, GlibcxxCompat.Apply(_library, NewHost));

        Assert.Equal(before, File.ReadAllBytes(_library));
    }

    [Fact]
    public void PatchingKeepsTheTimestampSoTheIncrementalCopyDoesNotUndoIt()
    {
        var original = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_library, original);

        GlibcxxCompat.Apply(_library, OldHost);

        Assert.Equal(original, File.GetLastWriteTimeUtc(_library));
        Assert.Empty(Directory.GetFiles(_directory, "*.deeparch-tmp"));
    }

    [Fact]
    public void TheHostLibraryDefinesTheVersionsItIsKnownFor()
    {
        var host = HostLibStdCxx.Locate();
        Assert.NotNull(host);
        var versions = ElfFile.Read(host).DefinedVersions();
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void ANonElfFileIsAClearError()
    {
        var text = Path.Combine(_directory, "not-elf.so");
        File.WriteAllText(text, "hello, this is not a shared library, just some text that is long enough");

        var error = Assert.Throws<InvalidDataException>(() => GlibcxxCompat.Apply(text, OldHost));
        Assert.Contains("not an ELF file", error.Message);
    }

    private static VersionNeed Need(ElfFile elf) =>
        elf.VersionNeeds().Single(n => n.File == "libstdc++.so.6" && n.Version == GlibcxxCompat.RequiredVersion);
}
