using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using DeepArch.Data;
using static DeepArch.Tests.Data.LoopbackHttpServer;

namespace DeepArch.Tests.Data;

public sealed class DownloadTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();
    private readonly TemporaryFolder _root = new();
    private readonly Downloader _downloader = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, TimeSpan.FromSeconds(5));
    private static readonly byte[] Payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 % 251)).ToArray();
    private static readonly string PayloadSha256 = Convert.ToHexStringLower(SHA256.HashData(Payload));

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
    }

    [Fact]
    public void AVerifiedDownloadIsRenamedIntoPlaceWithNothingElseLeft()
    {
        var url = _server.Serve("data.bin", Response.Ok(Payload));
        var reports = new List<DownloadProgress>();

        var folder = Dataset(url).Fetch(_root.Path, new Collect(reports), _downloader, CancellationToken.None);

        Assert.Equal(_root.Combine("toy"), folder);
        Assert.Equal(["toy/data.bin"], _root.Files());
        Assert.Equal(Payload, File.ReadAllBytes(_root.Combine("toy", "data.bin")));
        Assert.Equal(Payload.Length, reports[^1].BytesReceived);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void AChecksumMismatchIsAnErrorAndLeavesNothingInTheCache()
    {
        var wrong = (byte[])Payload.Clone();
        wrong[1234] ^= 0xff;
        var url = _server.Serve("data.bin", Response.Ok(wrong));

        var error = Assert.Throws<DatasetDownloadException>(() => Dataset(url).Fetch(_root.Path, null, _downloader, CancellationToken.None));

        Assert.Contains($"{url}: SHA-256 mismatch (expected {PayloadSha256}, got {Convert.ToHexStringLower(SHA256.HashData(wrong))})", error.Message);
        Assert.Contains("Nothing was written to the cache", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public void AConnectionDroppedMidBodyIsATruncationErrorAndLeavesNothing()
    {
        // The server announces the full length but closes after half the bytes.
        var url = _server.Serve("data.bin", new Response(200, Payload[..100_000], Payload.Length));

        var error = Assert.Throws<DatasetDownloadException>(() => Dataset(url).Fetch(_root.Path, null, _downloader, CancellationToken.None));

        Assert.Contains($"{url}: truncated download (100000 of {Payload.Length} bytes", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public void AShortBodyWithoutContentLengthIsATruncationErrorAndLeavesNothing()
    {
        var url = _server.Serve("data.bin", new Response(200, Payload[..150_000], AnnouncedLength: null));

        var error = Assert.Throws<DatasetDownloadException>(() => Dataset(url).Fetch(_root.Path, null, _downloader, CancellationToken.None));

        Assert.Contains($"{url}: truncated download (150000 of {Payload.Length} bytes)", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public void AnOfflineMachineGetsOneLineNamingTheUrlAndWhereToPlaceTheFile()
    {
        var url = Unreachable("data.bin");
        var existingFolder = _root.Combine("keep");
        Directory.CreateDirectory(existingFolder);

        var error = Assert.Throws<DatasetDownloadException>(() => Dataset(url).Fetch(existingFolder, null, _downloader, CancellationToken.None));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("Could not download toy/data.bin (is this machine offline?): ", error.Message);
        Assert.Contains($"{url}: unreachable (", error.Message);
        Assert.Contains($"place it at {Path.Combine(existingFolder, "toy", "data.bin")} (SHA-256 {PayloadSha256}", error.Message);
        // The dataset folder it had to create is gone again; the root that existed before stays.
        Assert.Empty(Directory.EnumerateFileSystemEntries(existingFolder));
    }

    [Fact]
    public void TheMirrorIsTriedWhenTheFirstUrlFails()
    {
        var missing = _server.Url("gone.bin");   // answers 404
        var mirror = _server.Serve("mirror/data.bin", Response.Ok(Payload));

        Dataset(missing, mirror).Fetch(_root.Path, null, _downloader, CancellationToken.None);

        Assert.Equal(Payload, File.ReadAllBytes(_root.Combine("toy", "data.bin")));
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public void EveryFailedUrlIsNamedInTheError()
    {
        var missing = _server.Url("gone.bin");
        var bad = _server.Serve("bad.bin", Response.Ok(Payload[..^1]));

        var error = Assert.Throws<DatasetDownloadException>(() => Dataset(missing, bad).Fetch(_root.Path, null, _downloader, CancellationToken.None));

        Assert.StartsWith("Could not download toy/data.bin: ", error.Message);
        Assert.Contains($"{missing}: HTTP 404 Not Found; {bad}: truncated download ({Payload.Length - 1} of {Payload.Length} bytes)", error.Message);
    }

    [Fact]
    public void FetchingAPresentDatasetDownloadsNothingAndStaleTemporariesAreRemoved()
    {
        var url = _server.Serve("data.bin", Response.Ok(Payload));
        var dataset = Dataset(url);
        Directory.CreateDirectory(_root.Combine("toy"));
        File.WriteAllText(_root.Combine("toy", ".data.bin.0123456789abcdef.part"), "left by a killed download");

        dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None);
        dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None);

        Assert.Equal(1, _server.Requests);
        Assert.Equal(["toy/data.bin"], _root.Files());
        Assert.True(dataset.IsPresent(_root.Path));
    }

    [Fact]
    public void AnUncompressedCopyPlacedByHandCountsAsPresent()
    {
        var dataset = new RemoteDataset("toy", "toy", [new RemoteFile("data.gz", 10, PayloadSha256, [Unreachable("data.gz")])]);
        Directory.CreateDirectory(_root.Combine("toy"));
        Assert.False(dataset.IsPresent(_root.Path));

        File.WriteAllText(_root.Combine("toy", "data"), "raw");

        Assert.True(dataset.IsPresent(_root.Path));
        dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None);   // nothing to do, so no offline error
    }

    [Fact]
    public void AnArchiveIsVerifiedExtractedAndThenDeleted()
    {
        var archive = TarGz(("batches/a.bin", [1, 2, 3]), ("batches/b.bin", [4, 5]), ("batches/readme.txt", [6]));
        var url = _server.Serve("archive.tar.gz", Response.Ok(archive));
        var dataset = ArchiveDataset(archive, url);

        dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None);

        Assert.Equal(["toy/a.bin", "toy/b.bin"], _root.Files());
        Assert.Equal([4, 5], File.ReadAllBytes(_root.Combine("toy", "b.bin")));
        Assert.True(dataset.IsPresent(_root.Path));
    }

    [Fact]
    public void AnArchivePlacedByHandIsExtractedOnlyWhenItsChecksumMatches()
    {
        var archive = TarGz(("batches/a.bin", [1]), ("batches/b.bin", [2]));
        var dataset = ArchiveDataset(archive, Unreachable("archive.tar.gz"));
        Directory.CreateDirectory(_root.Combine("toy"));
        var placed = _root.Combine("toy", "archive.tar.gz");
        File.WriteAllBytes(placed, archive[..^1].Append((byte)(archive[^1] ^ 1)).ToArray());

        var error = Assert.Throws<InvalidDataException>(() => dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None));
        Assert.Contains("is not the published archive.tar.gz", error.Message);

        File.WriteAllBytes(placed, archive);
        dataset.Fetch(_root.Path, null, _downloader, CancellationToken.None);
        Assert.Equal(["toy/a.bin", "toy/archive.tar.gz", "toy/b.bin"], _root.Files());
    }

    [Fact]
    public void AnArchiveLackingAMemberIsAnError()
    {
        var archive = TarGz(("batches/a.bin", [1]));
        var url = _server.Serve("archive.tar.gz", Response.Ok(archive));

        var error = Assert.Throws<InvalidDataException>(() => ArchiveDataset(archive, url).Fetch(_root.Path, null, _downloader, CancellationToken.None));

        Assert.Contains("does not contain batches/b.bin", error.Message);
    }

    [Fact]
    public void TheTextProgressBarWritesAQuarterLineOutsideATerminal()
    {
        var output = new StringWriter();
        var bar = new TextProgressBar(output, interactive: false);
        var url = new Uri("http://example.org/x");
        foreach (var received in new long[] { 0, 100, 2_500_000, 2_600_000, 5_000_000, 10_000_000 })
            bar.Report(new DownloadProgress("mnist/x.gz", url, received, 10_000_000));

        Assert.Equal(
            [
                "mnist/x.gz [--------------------]   0%   0.0/10.0 MB",
                "mnist/x.gz [#####---------------]  25%   2.5/10.0 MB",
                "mnist/x.gz [##########----------]  50%   5.0/10.0 MB",
                "mnist/x.gz [####################] 100%  10.0/10.0 MB",
            ],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static RemoteDataset Dataset(params Uri[] urls) =>
        new("toy", "toy", [new RemoteFile("data.bin", Payload.Length, PayloadSha256, urls)]);

    private static RemoteDataset ArchiveDataset(byte[] archive, Uri url) =>
        new("toy", "toy",
        [
            new RemoteFile("archive.tar.gz", archive.Length, Convert.ToHexStringLower(SHA256.HashData(archive)), [url])
            {
                ArchiveFolder = "batches",
                ArchiveMembers = ["a.bin", "b.bin"],
            },
        ]);

    private static byte[] TarGz(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "batches/"));
            foreach (var (name, content) in entries)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
        return output.ToArray();
    }

    private sealed class Collect(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }
}
