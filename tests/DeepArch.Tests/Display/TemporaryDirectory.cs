namespace DeepArch.Tests.Display;

/// <summary>A fresh directory under the system temp folder, deleted with its contents on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("deeparch-display-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
