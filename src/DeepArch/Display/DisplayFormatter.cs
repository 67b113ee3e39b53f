namespace DeepArch.Display;

/// <summary>
/// One formatter of the .NET Interactive convention (see <see cref="TypeFormatterSourceAttribute"/>): hosts call its
/// members by name through reflection, so they must stay public and keep these names and signatures.
/// </summary>
internal sealed class DisplayFormatter<T>(string mimeType, Func<T, string> format)
{
    public string MimeType { get; } = mimeType;

    public Type Type => typeof(T);

    /// <summary>Writes <paramref name="instance"/> as <see cref="MimeType"/>; false when it is not a <typeparamref name="T"/>.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not T value)
            return false;
        writer.Write(format(value));
        return true;
    }
}
