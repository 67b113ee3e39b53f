using System.Security.Cryptography;

namespace DeepArch.Data;

/// <summary>
/// A real dataset that is downloaded on demand into <c>{root}/{Folder}/</c> (see <see cref="DataRoot"/>), every file
/// checked against its published SHA-256. Files already there are used as they are: a subset placed by hand works.
/// </summary>
public sealed class RemoteDataset
{
    internal RemoteDataset(string name, string folder, IReadOnlyList<RemoteFile> files)
    {
        Name = name;
        Folder = folder;
        Files = files;
    }

    /// <summary>The dataset's name in the catalogue, e.g. <c>mnist</c>.</summary>
    public string Name { get; }

    /// <summary>Its folder inside the data root, e.g. <c>mnist</c>.</summary>
    public string Folder { get; }

    /// <summary>Total size of the published files, in bytes.</summary>
    public long DownloadBytes => Files.Sum(file => file.Size);

    internal IReadOnlyList<RemoteFile> Files { get; }

    /// <summary>The dataset's folder under <paramref name="root"/> (resolved by <see cref="DataRoot.Resolve"/>).</summary>
    public string FolderIn(string? root = null) => Path.Combine(DataRoot.Resolve(root), Folder);

    /// <summary>Whether every file the readers need is in the dataset's folder.</summary>
    public bool IsPresent(string? root = null)
    {
        var folder = FolderIn(root);
        return Files.All(file => file.IsPresentIn(folder));
    }

    /// <summary>
    /// Downloads and verifies whatever is missing (nothing when all is there) and returns the dataset's folder.
    /// </summary>
    /// <param name="root">The data root; <c>null</c> for the default (see <see cref="DataRoot"/>).</param>
    /// <param name="progress">Receives download progress, e.g. a <see cref="TextProgressBar"/>.</param>
    /// <param name="cancellationToken">Stops the download; the partial file is removed.</param>
    /// <exception cref="DatasetDownloadException">A file could not be downloaded and verified.</exception>
    /// <exception cref="InvalidDataException">An archive placed by hand is not the published file.</exception>
    public string Fetch(string? root = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fetch(root, progress, Downloader.Default, cancellationToken);

    internal string Fetch(string? root, IProgress<DownloadProgress>? progress, Downloader downloader, CancellationToken cancellationToken)
    {
        var folder = FolderIn(root);
        foreach (var file in Files)
        {
            if (file.IsPresentIn(folder))
                continue;
            RemoveStaleTemporaries(folder, file.FileName);
            var destination = Path.Combine(folder, file.FileName);
            var downloaded = false;
            if (!File.Exists(destination))
            {
                // Off the caller's thread: a notebook or UI synchronization context would deadlock a blocking wait.
                Task.Run(() => downloader.DownloadAsync(file, destination, $"{Folder}/{file.FileName}", progress, cancellationToken),
                        cancellationToken)
                    .GetAwaiter().GetResult();
                downloaded = true;
            }
            if (file.ArchiveMembers is null)
                continue;
            if (!downloaded)
                VerifyPlacedByHand(file, destination);
            TarGzArchive.Extract(destination, file.ArchiveFolder, file.ArchiveMembers, folder);
            if (downloaded)
                File.Delete(destination);
        }
        return folder;
    }

    /// <summary>The folder if the dataset is there; else fetches it (with a console progress bar) or explains how to get it.</summary>
    internal string Ensure(string? root, bool download)
    {
        if (IsPresent(root))
            return FolderIn(root);
        if (!download)
            throw new FileNotFoundException(
                $"{Name} is not in {FolderIn(root)}. Run `deeparch datasets fetch {Name}`, load it with download enabled, " +
                "or place the files there by hand (see datasets/README.md).");
        return Fetch(root, TextProgressBar.ForConsole());
    }

    private static void VerifyPlacedByHand(RemoteFile file, string path)
    {
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{path} is not the published {file.FileName}: SHA-256 {actual}, expected {file.Sha256}. Remove it and fetch again.");
    }

    private static void RemoveStaleTemporaries(string folder, string fileName)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var stale in Directory.EnumerateFiles(folder, Downloader.TemporaryPattern(fileName)))
            File.Delete(stale);
    }
}
