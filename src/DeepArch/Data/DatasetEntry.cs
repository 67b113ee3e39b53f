namespace DeepArch.Data;

/// <summary>One line of the dataset catalogue (<c>deeparch datasets list</c>).</summary>
/// <param name="Name">The name used by <c>deeparch datasets fetch</c>.</param>
/// <param name="Kind">Real (downloaded) or synthetic (generated).</param>
/// <param name="Description">What it holds, in a few words.</param>
/// <param name="Licence">Its licence, or what is known of it.</param>
/// <param name="Usage">How to load or generate it from C#.</param>
/// <param name="Remote">The files to download; <c>null</c> for a synthetic set.</param>
public sealed record DatasetEntry(string Name, DatasetKind Kind, string Description, string Licence, string Usage, RemoteDataset? Remote)
{
    /// <summary>Bytes to download; <c>null</c> for a synthetic set.</summary>
    public long? DownloadBytes => Remote?.DownloadBytes;

    /// <summary>Whether a real set's files are under <paramref name="root"/>; <c>null</c> for a synthetic set.</summary>
    public bool? IsCached(string? root = null) => Remote?.IsPresent(root);
}
