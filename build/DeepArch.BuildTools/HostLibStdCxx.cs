namespace DeepArch.BuildTools;

/// <summary>Finds the libstdc++ the dynamic loader uses on this host and the versions it defines.</summary>
internal static class HostLibStdCxx
{
    private static readonly string[] SearchDirectories =
    [
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// The .NET host itself links libstdc++, so the copy mapped into this process is the one the loader picks
    /// for TorchSharp too; the well-known directories are only a fallback.
    /// </summary>
    public static string? Locate()
    {
        if (File.Exists("/proc/self/maps"))
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal))
                    return line[slash..].Trim();
            }
        }
        return SearchDirectories.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }
}
