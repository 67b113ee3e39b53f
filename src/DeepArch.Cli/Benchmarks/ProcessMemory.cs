namespace DeepArch.Cli.Benchmarks;

/// <summary>Resident set size of this process, which includes libtorch's native allocations (the GC heap alone would not).</summary>
internal static class ProcessMemory
{
    public static double ResidentMegabytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim()) / 1024.0;
            }
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }
}
