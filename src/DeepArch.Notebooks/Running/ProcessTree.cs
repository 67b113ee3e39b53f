using System.Globalization;
using DeepArch.Runtime;

namespace DeepArch.Notebooks.Running;

/// <summary>A process and its descendants, read from /proc (Linux); elsewhere the process alone.</summary>
internal static class ProcessTree
{
    /// <summary>Resident bytes of <paramref name="pid"/> and all its descendants.</summary>
    public static long ResidentBytes(int pid) => Members(pid).Sum(p => ResidentMemory.Bytes(p));

    /// <summary>Threads of <paramref name="pid"/> and all its descendants (each process counts its own); 1 per process elsewhere.</summary>
    public static int Tasks(int pid) => OperatingSystem.IsLinux() ? Members(pid).Sum(Threads) : Members(pid).Count();

    private static int Threads(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;   // gone meanwhile
        }
    }

    private static IEnumerable<int> Members(int root)
    {
        if (!OperatingSystem.IsLinux())
            return [root];
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ParentOf(directory) is not { } parent)
                continue;
            if (!children.TryGetValue(parent, out var list))
                children[parent] = list = [];
            list.Add(pid);
        }
        var members = new List<int> { root };
        for (var i = 0; i < members.Count; i++)
            members.AddRange(children.GetValueOrDefault(members[i]) ?? []);
        return members;
    }

    /// <summary>The fourth field of /proc/PID/stat, after the parenthesised command name (which may hold spaces).</summary>
    private static int? ParentOf(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;   // gone meanwhile
        }
    }
}
