namespace DeepArch.BuildTools;

/// <summary>What <see cref="GlibcxxCompat.Apply"/> did to one library.</summary>
internal enum CompatOutcome
{
    /// <summary>The host's libstdc++ defines the version: the library loads as shipped.</summary>
    NotNeeded,
    /// <summary>The library does not require the version at all.</summary>
    NotRequired,
    /// <summary>The requirement was already weak (an earlier build patched this copy).</summary>
    AlreadyApplied,
    /// <summary>The requirement was made weak in this run.</summary>
    Applied,
}

/// <summary>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was linked against GCC 13's libstdc++ and so requires
/// <c>GLIBCXX_3.4.32</c>, which Debian 12 and Ubuntu 22.04 (3.4.30) lack; the loader then refuses the library.
/// The only symbol bound to that version is <c>std::ios_base_library_init()</c>, a link-time marker that
/// &lt;iostream&gt; references and nothing calls. Marking that one requirement <c>VER_FLG_WEAK</c> turns the
/// loader's error into a silent no-op, exactly as if the library had been linked against the older libstdc++.
/// </summary>
internal static class GlibcxxCompat
{
    public const string RequiredVersion = "GLIBCXX_3.4.32";
    private const string LibStdCxx = "libstdc++.so.6";

    /// <summary>Symbols known to be safe to leave unversioned: none of them is ever called.</summary>
    private static readonly HashSet<string> MarkerSymbols = new(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

    public static CompatOutcome Apply(string libraryPath, IReadOnlySet<string> hostVersions)
    {
        if (hostVersions.Contains(RequiredVersion))
            return CompatOutcome.NotNeeded;

        var elf = ElfFile.Read(libraryPath);
        var need = elf.VersionNeeds().FirstOrDefault(n => n.File == LibStdCxx && n.Version == RequiredVersion);
        if (need is null)
            return CompatOutcome.NotRequired;
        if (need.IsWeak)
            return CompatOutcome.AlreadyApplied;

        var bound = elf.SymbolsWithVersion(need.Index);
        var unsafeSymbols = bound.Where(s => !MarkerSymbols.Contains(s)).ToList();
        if (unsafeSymbols.Count > 0)
            throw new InvalidOperationException(
                $"{libraryPath}: {RequiredVersion} is needed by real symbols ({string.Join(", ", unsafeSymbols)}); " +
                "weakening it would break the library. Install a libstdc++ from GCC 13 or newer.");

        elf.SetFlags(need, (ushort)(need.Flags | ElfFile.VerFlagWeak));
        WriteAtomically(libraryPath, elf.Bytes);
        return CompatOutcome.Applied;
    }

    /// <summary>Other libstdc++ versions the library needs that the host lacks (no fix exists for those).</summary>
    public static IReadOnlyList<string> OtherMissingVersions(string libraryPath, IReadOnlySet<string> hostVersions) =>
        ElfFile.Read(libraryPath).VersionNeeds()
            .Where(n => n.File == LibStdCxx && n.Version != RequiredVersion && !n.IsWeak && !hostVersions.Contains(n.Version))
            .Select(n => n.Version)
            .ToList();

    /// <summary>
    /// Writes next to the target and renames over it: never a half-written library, and a hard link into the
    /// NuGet cache (if a build ever used one) is replaced rather than written through. The timestamp is kept
    /// so MSBuild's incremental copy sees the file as up to date and does not copy the original back.
    /// </summary>
    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var info = new FileInfo(path);
        var lastWrite = info.LastWriteTimeUtc;
        var mode = OperatingSystem.IsWindows() ? default : info.UnixFileMode;
        var temp = path + ".deeparch-tmp";
        File.WriteAllBytes(temp, bytes.ToArray());
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, mode);
        File.SetLastWriteTimeUtc(temp, lastWrite);
        File.Move(temp, path, overwrite: true);
    }
}
