using System.Security.Cryptography;
using System.Text;

namespace DeepArch.Notebooks.Kernel;

/// <summary>HMAC-SHA256 signatures of Jupyter messages, computed over the exact bytes of the four JSON frames.</summary>
internal sealed class MessageSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public bool Enabled => _key.Length > 0;

    public string Sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!Enabled)
            return "";
        return Convert.ToHexStringLower(Compute(header, parentHeader, metadata, content));
    }

    /// <summary>Constant-time check of a received signature (hex) against the frames it came with.</summary>
    public bool Verify(string signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!Enabled)
            return true;
        byte[] received;
        try
        {
            received = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(received, Compute(header, parentHeader, metadata, content));
    }

    private byte[] Compute(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return hmac.GetHashAndReset();
    }
}
