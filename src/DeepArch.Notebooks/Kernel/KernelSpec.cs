using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// The kernelspec that makes Jupyter front ends start this kernel: <c>kernels/NAME/kernel.json</c> in a Jupyter data
/// folder. It is marked as ours (<c>metadata.deeparch</c>) so that a kernelspec someone else wrote under the same name
/// (e.g. .NET Interactive's <c>.net-csharp</c>) is never overwritten or removed without <c>--force</c>.
/// </summary>
public static class KernelSpec
{
    /// <summary>The name Polyglot notebooks carry in their metadata, so they open with this kernel.</summary>
    public const string DefaultName = ".net-csharp";

    /// <summary>What front ends show in their kernel picker.</summary>
    public const string DisplayName = ".NET (C#) · DeepArch";

    /// <summary>Where <c>kernels/NAME</c> goes: <c>DIR/share/jupyter/kernels/NAME</c> for a prefix, else the user's Jupyter data folder.</summary>
    public static string Directory(string name, string? prefix)
    {
        if (prefix is not null)
            return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels", name);
        return Path.Combine(UserDataDirectory(), "kernels", name);
    }

    /// <summary>Jupyter's per-user data folder (<c>JUPYTER_DATA_DIR</c> when set), as <c>jupyter --data-dir</c> reports it.</summary>
    public static string UserDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } explicitDir)
            return explicitDir;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(home, ".local", "share"), "jupyter");
    }

    /// <summary>
    /// Writes <c>kernel.json</c> into <paramref name="directory"/>; <paramref name="command"/> is the command that starts
    /// the kernel, to which <c>kernel start --connection-file {connection_file}</c> is appended. A kernelspec there that
    /// this tool did not write is an error unless <paramref name="force"/>.
    /// </summary>
    public static void Install(string directory, IReadOnlyList<string> command, bool force)
    {
        RefuseForeign(directory, force, "overwrite");
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray([.. command.Concat(["kernel", "start", "--connection-file", "{connection_file}"]).Select(a => (JsonNode?)a)]),
            ["display_name"] = DisplayName,
            ["language"] = "C#",
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["deeparch"] = new JsonObject { ["installed_by"] = "deeparch kernel install" } },
        };
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Removes a kernelspec this tool wrote (another one only with <paramref name="force"/>); false when there was none.</summary>
    public static bool Uninstall(string directory, bool force)
    {
        if (!System.IO.Directory.Exists(directory))
            return false;
        RefuseForeign(directory, force, "remove");
        System.IO.Directory.Delete(directory, recursive: true);
        return true;
    }

    /// <summary>How to start this very program: the apphost itself, or <c>dotnet</c> with the entry assembly.</summary>
    public static IReadOnlyList<string> CurrentCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) && entry is { Length: > 0 }
            ? [process, entry]
            : [process];
    }

    private static void RefuseForeign(string directory, bool force, string verb)
    {
        var file = Path.Combine(directory, "kernel.json");
        if (force || !File.Exists(file) || IsOurs(file))
            return;
        throw new InvalidOperationException($"a kernelspec not written by deeparch exists at {directory}; refusing to {verb} it (use --force, or --name to pick another name)");
    }

    private static bool IsOurs(string kernelJson)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(kernelJson))?["metadata"]?["deeparch"] is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
