namespace DeepArch.Data;

/// <summary>
/// One file of a real dataset as published: its name in the dataset's folder, exact size and SHA-256, and the URLs
/// that serve it (tried in order, the canonical one first). When <see cref="ArchiveMembers"/> is set the file is a
/// <c>.tar.gz</c> whose members under <see cref="ArchiveFolder"/> are extracted into the dataset's folder.
/// </summary>
internal sealed record RemoteFile(string FileName, long Size, string Sha256, IReadOnlyList<Uri> Urls)
{
    /// <summary>The folder inside the archive that holds the members.</summary>
    public string? ArchiveFolder { get; init; }

    /// <summary>The files to extract from the archive; <c>null</c> for a plain file.</summary>
    public IReadOnlyList<string>? ArchiveMembers { get; init; }

    /// <summary>
    /// Whether what this file provides is in <paramref name="folder"/>: the archive's members, or the file itself
    /// (a <c>.gz</c> file also counts as present when its uncompressed copy was placed there by hand).
    /// </summary>
    public bool IsPresentIn(string folder)
    {
        if (ArchiveMembers is not null)
            return ArchiveMembers.All(member => File.Exists(Path.Combine(folder, member)));
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) || (path.EndsWith(".gz", StringComparison.Ordinal) && File.Exists(path[..^3]));
    }
}
