using System.Text.Json;

namespace DeepArch.BuildTools;

/// <summary>
/// Records beside the library what the compatibility step decided, so <c>deeparch info</c> can tell a user whether
/// their host needed it without parsing ELF at run time.
/// </summary>
internal static class CompatStamp
{
    public const string FileName = "deeparch-torchsharp-compat.json";

    public static void Write(string libraryPath, string hostLibrary, CompatOutcome outcome)
    {
        var needed = outcome is CompatOutcome.Applied or CompatOutcome.AlreadyApplied;
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["required_version"] = GlibcxxCompat.RequiredVersion,
            ["host_libstdcxx"] = hostLibrary,
            ["needed"] = needed,
            ["outcome"] = outcome.ToString(),
        });
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(libraryPath))!, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true);
    }
}
