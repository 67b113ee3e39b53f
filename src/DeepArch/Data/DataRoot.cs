namespace DeepArch.Data;

/// <summary>
/// Where real datasets live on disk. The first of these wins:
/// <list type="number">
/// <item>a root passed by the caller (the CLI's <c>--data-root</c>, a loader's <c>root</c> argument);</item>
/// <item>the <see cref="EnvironmentVariable"/> environment variable;</item>
/// <item><c>datasets/cache/</c> of the course checkout: the first folder holding <see cref="SolutionFileName"/>,
/// searched upwards from the current directory (a notebook runs in <c>notebooks/</c>), then from the folder of the
/// running program (a kernel may start elsewhere);</item>
/// <item>a per-user cache: <c>$XDG_CACHE_HOME/deeparch/datasets</c> (<c>~/.cache/…</c>) on Linux and macOS,
/// <c>%LOCALAPPDATA%\deeparch\datasets</c> on Windows.</item>
/// </list>
/// Inside a root, each dataset has its own folder: <c>mnist/</c>, <c>fashion-mnist/</c>, <c>cifar-10-batches-bin/</c>,
/// <c>text/</c>.
/// </summary>
public static class DataRoot
{
    /// <summary>Environment variable naming the data root.</summary>
    public const string EnvironmentVariable = "DEEPARCH_DATA";

    /// <summary>The file that marks the top of a course checkout.</summary>
    public const string SolutionFileName = "DeepArch.Notebooks.sln";

    /// <summary>The data root to use, as an absolute path (the folder need not exist yet).</summary>
    /// <param name="root">An explicit root; <c>null</c> or empty to look further.</param>
    public static string Resolve(string? root = null) =>
        ResolveFrom(root, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    internal static string ResolveFrom(string? root, Func<string, string?> environment, params string[] searchStarts)
    {
        if (!string.IsNullOrWhiteSpace(root))
            return Path.GetFullPath(root);
        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        foreach (var start in searchStarts)
            if (FindCheckout(start) is { } checkout)
                return Path.Combine(checkout, "datasets", "cache");
        return UserCache(environment);
    }

    internal static string? FindCheckout(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
                return folder.FullName;
        return null;
    }

    private static string UserCache(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "deeparch", "datasets");
        var cacheHome = environment("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome))
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "deeparch", "datasets");
    }
}
