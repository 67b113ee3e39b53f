namespace DeepArch.Notebooks.Tests.Kernel;

/// <summary>Debian's Jupyter clients, which the real-client tests drive; they are skipped (with the reason) when absent.</summary>
internal static class JupyterTools
{
    public const string Packages = "jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat";

    /// <summary>The nbconvert command: Debian's (/usr/bin), else one on PATH; null when there is none.</summary>
    public static string? NbConvert { get; } = Find("jupyter-nbconvert");

    /// <summary>The Python that owns Debian's Jupyter packages (not necessarily the first python3 on PATH).</summary>
    public static string? Python { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Find("python3");

    private static string? Find(string name) =>
        new[] { "/usr/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A test that needs Debian's Jupyter clients: skipped with the reason where they are not installed.</summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        if (JupyterTools.NbConvert is null)
            Skip = $"jupyter-nbconvert is not installed (apt-get install {JupyterTools.Packages})";
    }
}
