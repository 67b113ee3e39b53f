using System.Globalization;

namespace DeepArch.Runtime;

/// <summary>
/// Resident set size of a process, which includes libtorch's native allocations (the GC heap alone would not).
/// Read from /proc on Linux; elsewhere the .NET process API's working set.
/// </summary>
public static class ResidentMemory
{
    /// <summary>Resident bytes of process <paramref name="pid"/> (this process by default); 0 when it cannot be read.</summary>
    public static long Bytes(int? pid = null)
    {
        var id = pid ?? Environment.ProcessId;
        try
        {
            var status = $"/proc/{id}/status";
            if (File.Exists(status))
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                        return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return process.WorkingSet64;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException)
        {
            return 0;   // the process is gone or its memory cannot be read
        }
    }

    /// <summary>Resident mebibytes of this process.</summary>
    public static double Megabytes() => Bytes() / (1024.0 * 1024.0);
}
