using DeepArch.BuildTools;

// Usage: DeepArch.BuildTools glibcxx-compat LIBRARY...
// Prints one line for the build log; exit code 1 with a one-line error on failure.
if (args.Length < 2 || args[0] != "glibcxx-compat")
{
    Console.Error.WriteLine("usage: DeepArch.BuildTools glibcxx-compat LIBRARY...");
    return 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.WriteLine("deeparch: TorchSharp compatibility step not needed (not Linux).");
    return 0;
}

try
{
    var host = HostLibStdCxx.Locate();
    if (host is null)
    {
        Console.WriteLine("deeparch: warning: no libstdc++.so.6 found on this host; TorchSharp compatibility step skipped.");
        return 0;
    }
    var hostVersions = ElfFile.Read(host).DefinedVersions();
    foreach (var library in args.Skip(1))
    {
        if (!File.Exists(library))
            throw new FileNotFoundException($"{library}: no such file");
        var outcome = GlibcxxCompat.Apply(library, hostVersions);
        var message = outcome switch
        {
            CompatOutcome.NotNeeded => $"not needed: {host} defines {GlibcxxCompat.RequiredVersion}",
            CompatOutcome.NotRequired => $"not needed: {Path.GetFileName(library)} does not require {GlibcxxCompat.RequiredVersion}",
            CompatOutcome.AlreadyApplied => $"already applied to {library}",
            _ => $"applied: {GlibcxxCompat.RequiredVersion} marked weak in {library} (host {host} lacks it)",
        };
        Console.WriteLine($"deeparch: TorchSharp compatibility step {message}");
        CompatStamp.Write(library, host, outcome);
        var missing = GlibcxxCompat.OtherMissingVersions(library, hostVersions);
        if (missing.Count > 0)
            Console.WriteLine($"deeparch: warning: {host} also lacks {string.Join(", ", missing)}; TorchSharp will not load on this host. Install a newer libstdc++ (GCC 12 or later).");
    }
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"deeparch: TorchSharp compatibility step failed: {e.Message}");
    return 1;
}
