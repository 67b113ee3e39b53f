using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace DeepArch.Data;

/// <summary>
/// Downloads one <see cref="RemoteFile"/> into a dataset folder: streamed to a hidden temporary file next to the
/// destination while its SHA-256 is computed, then renamed only when size and checksum match, so the cache never holds
/// a partial or wrong file under a real name. Mirrors are tried in order; when all fail the error names each URL.
/// </summary>
internal sealed class Downloader(HttpMessageHandler handler, TimeSpan idleTimeout)
{
    private const int BufferSize = 1 << 16;

    private static readonly Lazy<Downloader> Shared = new(() => new Downloader(
        new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20), AutomaticDecompression = DecompressionMethods.None },
        TimeSpan.FromSeconds(60)));

    // Whole-request timeouts would cut a slow but steady 170 MB download; an idle timeout per read does not.
    private readonly HttpClient _client = new(handler)
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "DeepArch.Notebooks (course datasets)" } },   // some hosts refuse requests without one
    };

    /// <summary>The downloader used by the library (real network, 20 s to connect, 60 s without data).</summary>
    public static Downloader Default => Shared.Value;

    /// <summary>Pattern of the temporary files a download writes (and an interrupted one may leave behind).</summary>
    public static string TemporaryPattern(string fileName) => $".{fileName}.*.part";

    /// <summary>Downloads <paramref name="file"/> to <paramref name="destination"/>, replacing nothing unless verified.</summary>
    /// <exception cref="DatasetDownloadException">Every URL failed; the message says why for each.</exception>
    public async Task DownloadAsync(RemoteFile file, string destination, string displayName,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var createdFolders = MissingFolders(folder);
        Directory.CreateDirectory(folder);
        var failures = new List<string>();
        var reachedAny = false;
        var succeeded = false;
        try
        {
            foreach (var url in file.Urls)
            {
                var temporary = Path.Combine(folder, $".{file.FileName}.{Guid.NewGuid():N}.part");
                try
                {
                    await FetchAsync(url, file, temporary, displayName, progress, cancellationToken);
                    File.Move(temporary, destination, overwrite: true);
                    succeeded = true;
                    return;
                }
                catch (Failure failure)
                {
                    failures.Add($"{url}: {failure.Message}");
                    reachedAny |= failure.Reached;
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
        }
        finally
        {
            if (!succeeded)
                RemoveIfEmpty(createdFolders);
        }
        var lead = reachedAny
            ? $"Could not download {displayName}"
            : $"Could not download {displayName} (is this machine offline?)";
        throw new DatasetDownloadException(
            $"{lead}: {string.Join("; ", failures)}. Nothing was written to the cache. To install it by hand, download " +
            $"{file.Urls[0]} on a machine with internet access and place it at {destination} " +
            $"(SHA-256 {file.Sha256}, {file.Size} bytes; see datasets/README.md).");
    }

    private async Task FetchAsync(Uri url, RemoteFile file, string temporary, string displayName,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        }
        catch (HttpRequestException e)
        {
            throw new Failure($"unreachable ({Describe(e)})", reached: e.StatusCode is not null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Failure($"no answer within {idleTimeout.TotalSeconds:0} s", reached: false);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new Failure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", reached: true);
            var received = 0L;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(idle.Token);
                await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
                var buffer = new byte[BufferSize];
                progress?.Report(new DownloadProgress(displayName, url, 0, file.Size));
                while (true)
                {
                    idle.CancelAfter(idleTimeout);
                    var read = await body.ReadAsync(buffer, idle.Token);
                    if (read == 0)
                        break;
                    received += read;
                    if (received > file.Size)
                        throw new Failure($"more data than the published {file.Size} bytes: not the expected file", reached: true);
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), idle.Token);
                    progress?.Report(new DownloadProgress(displayName, url, received, file.Size));
                }
            }
            catch (IOException e) when (e is not Failure)
            {
                // The connection dropped mid-body (HttpClient reports a premature end as an IOException).
                throw new Failure($"truncated download ({received} of {file.Size} bytes: {e.Message.TrimEnd('.')})", reached: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new Failure($"truncated download ({received} of {file.Size} bytes, then no data for {idleTimeout.TotalSeconds:0} s)", reached: true);
            }

            if (received < file.Size)
                throw new Failure($"truncated download ({received} of {file.Size} bytes)", reached: true);
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new Failure($"SHA-256 mismatch (expected {file.Sha256}, got {actual})", reached: true);
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException socket ? socket.Message : e.Message.TrimEnd('.');

    /// <summary>The folders from <paramref name="folder"/> up to the first existing one, deepest first.</summary>
    private static List<string> MissingFolders(string folder)
    {
        var missing = new List<string>();
        for (var current = folder; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
            missing.Add(current);
        return missing;
    }

    private static void RemoveIfEmpty(List<string> createdFolders)
    {
        foreach (var folder in createdFolders)
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
        }
    }

    /// <summary>One URL's failure; <see cref="Reached"/> tells whether a server answered at all.</summary>
    private sealed class Failure(string message, bool reached) : IOException(message)
    {
        public bool Reached { get; } = reached;
    }
}
