namespace DeepArch.Data;

/// <summary>How far one file's download has got.</summary>
/// <param name="FileName">The file being downloaded, e.g. <c>mnist/train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Url">Where it comes from.</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The file's expected size in bytes.</param>
public sealed record DownloadProgress(string FileName, Uri Url, long BytesReceived, long TotalBytes)
{
    /// <summary>Fraction done, between 0 and 1.</summary>
    public double Fraction => TotalBytes <= 0 ? 0 : Math.Clamp((double)BytesReceived / TotalBytes, 0, 1);
}
