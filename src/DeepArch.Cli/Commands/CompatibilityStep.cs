using System.Text.Json;

namespace DeepArch.Cli.Commands;

/// <summary>Reads what the build-time GLIBCXX compatibility step recorded beside libLibTorchSharp.so.</summary>
internal static class CompatibilityStep
{
    private const string StampName = "deeparch-torchsharp-compat.json";

    public static string Describe()
    {
        if (!OperatingSystem.IsLinux())
            return "not applicable (not Linux)";
        var stamp = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes"))
            ? Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "runtimes"), StampName, SearchOption.AllDirectories).FirstOrDefault()
            : null;
        stamp ??= File.Exists(Path.Combine(AppContext.BaseDirectory, StampName)) ? Path.Combine(AppContext.BaseDirectory, StampName) : null;
        if (stamp is null)
            return "unknown (no record beside libLibTorchSharp.so; was this built with the project's build?)";
        using var json = JsonDocument.Parse(File.ReadAllText(stamp));
        var root = json.RootElement;
        var host = root.GetProperty("host_libstdcxx").GetString();
        var version = root.GetProperty("required_version").GetString();
        return root.GetProperty("needed").GetBoolean()
            ? $"needed and applied ({host} lacks {version})"
            : $"not needed ({root.GetProperty("outcome").GetString()}; host {host})";
    }
}
