namespace DeepArch.Notebooks.Tests.Browser;

/// <summary>
/// What the browser end-to-end test needs besides chromium: Debian's classic Jupyter Notebook server, Node.js, and
/// puppeteer-core from the npm registry, installed (never vendored) into a cache folder, as .ci/run does.
/// </summary>
internal static class ClassicNotebook
{
    /// <summary>The puppeteer-core release the test drives chromium with (24.x still runs on Debian 12's Node 18).</summary>
    public const string PuppeteerVersion = "24.43.1";

    /// <summary>Overrides the folder whose node_modules holds puppeteer-core.</summary>
    public const string PuppeteerVariable = "DEEPARCH_PUPPETEER_DIR";

    /// <summary>The classic Notebook server (Debian's jupyter-notebook, for /usr/bin/python3); null when absent.</summary>
    public static string? Server { get; } = Chromium.Find("jupyter-notebook");

    /// <summary>Node.js; null when absent.</summary>
    public static string? Node { get; } = Chromium.Find("node") ?? Chromium.Find("nodejs");

    /// <summary>The folder holding node_modules/puppeteer-core.</summary>
    public static string PuppeteerFolder { get; } =
        Environment.GetEnvironmentVariable(PuppeteerVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
                    ? cache
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "deeparch", $"puppeteer-core-{PuppeteerVersion}");

    /// <summary>node_modules with puppeteer-core in it; null when it is not installed there.</summary>
    public static string? NodeModules =>
        File.Exists(Path.Combine(PuppeteerFolder, "node_modules", "puppeteer-core", "package.json"))
            ? Path.Combine(PuppeteerFolder, "node_modules")
            : null;

    /// <summary>Why the test cannot run here, or null when everything it needs is installed.</summary>
    public static string? Missing() =>
        Chromium.Executable is null ? $"chromium is not installed (apt-get install {Chromium.Packages})"
        : Server is null ? "the classic Notebook server is not installed (apt-get install jupyter-notebook)"
        : Node is null ? "Node.js is not installed (apt-get install nodejs npm)"
        : NodeModules is null
            ? $"puppeteer-core is not installed in {PuppeteerFolder} "
              + $"(npm install --prefix {PuppeteerFolder} puppeteer-core@{PuppeteerVersion}; .ci/run does)"
        : null;
}

/// <summary>A test that drives the classic Notebook UI in chromium: skipped with the reason where a piece is missing.</summary>
public sealed class ClassicNotebookFactAttribute : FactAttribute
{
    public ClassicNotebookFactAttribute()
    {
        if (ClassicNotebook.Missing() is { } reason)
            Skip = reason;
    }
}
