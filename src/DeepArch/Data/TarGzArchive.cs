using System.Formats.Tar;
using System.IO.Compression;

namespace DeepArch.Data;

/// <summary>Extracts chosen members of a <c>.tar.gz</c> archive, each written under a temporary name and then renamed.</summary>
internal static class TarGzArchive
{
    /// <summary>Extracts <paramref name="members"/> (paths below <paramref name="archiveFolder"/>) into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The archive lacks one of the members.</exception>
    public static void Extract(string archive, string? archiveFolder, IReadOnlyList<string> members, string destination)
    {
        var missing = new HashSet<string>(members, StringComparer.Ordinal);
        var prefix = archiveFolder is null ? "" : archiveFolder.TrimEnd('/') + "/";
        using (var stream = File.OpenRead(archive))
        using (var gzip = new GZipStream(stream, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (missing.Count > 0 && tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !name.StartsWith(prefix, StringComparison.Ordinal)
                    || !missing.Remove(name[prefix.Length..]))
                    continue;
                var target = Path.Combine(destination, name[prefix.Length..]);
                var temporary = Path.Combine(destination, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
                try
                {
                    entry.ExtractToFile(temporary, overwrite: false);
                    File.Move(temporary, target, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
        }
        if (missing.Count > 0)
            throw new InvalidDataException($"{archive} does not contain {string.Join(", ", missing.Order().Select(m => prefix + m))}.");
    }
}
