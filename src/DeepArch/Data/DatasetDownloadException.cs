namespace DeepArch.Data;

/// <summary>
/// A dataset file could not be downloaded and verified: every URL failed (offline, HTTP error, truncated download or
/// checksum mismatch). The message is one line naming the URLs tried and where to place the file by hand. Nothing is
/// left in the cache when this is thrown.
/// </summary>
public sealed class DatasetDownloadException(string message) : IOException(message);
