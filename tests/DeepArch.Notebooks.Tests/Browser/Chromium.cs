using System.Diagnostics;

namespace DeepArch.Notebooks.Tests.Browser;

/// <summary>
/// Debian's headless chromium, which renders exported pages the way a reader's browser does. Networking is cut for
/// every page it opens (every host name fails to resolve and any proxied request goes to a closed port), so a page
/// that needs a CDN shows it.
/// </summary>
internal static class Chromium
{
    public const string Packages = "chromium";

    /// <summary>The browser: chromium from /usr/bin or PATH; null when there is none.</summary>
    public static string? Executable { get; } = Find("chromium") ?? Find("chromium-browser");

    /// <summary>Flags for a headless run as any user (root included) that reaches no network.</summary>
    public static IReadOnlyList<string> OfflineFlags { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ];

    /// <summary>The DOM of <paramref name="page"/> once loaded and its scripts run, as chromium serialises it.</summary>
    public static string DumpDom(string page)
    {
        var profile = Directory.CreateTempSubdirectory("deeparch-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var flag in OfflineFlags)
                start.ArgumentList.Add(flag);
            start.ArgumentList.Add($"--user-data-dir={profile.FullName}");
            // Virtual time lets timers and the load event finish before the DOM is written.
            start.ArgumentList.Add("--virtual-time-budget=10000");
            start.ArgumentList.Add("--dump-dom");
            start.ArgumentList.Add(new Uri(Path.GetFullPath(page)).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not render {page} within 90 s");
            }
            if (process.ExitCode != 0 || dom.Result.Length == 0)
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr.Result}");
            return dom.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    internal static string? Find(string name) =>
        new[] { "/usr/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A test that needs headless chromium: skipped with the reason where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
            Skip = $"chromium is not installed (apt-get install {Chromium.Packages})";
    }
}

/// <summary>A theory that needs headless chromium: skipped with the reason where it is not installed.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (Chromium.Executable is null)
            Skip = $"chromium is not installed (apt-get install {Chromium.Packages})";
    }
}
