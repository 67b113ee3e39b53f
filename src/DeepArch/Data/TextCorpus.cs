namespace DeepArch.Data;

/// <summary>
/// Plain-text corpora for character-level models, read from <c>{root}/text/{name}.txt</c> (UTF-8). Any text placed
/// there by hand can be loaded by its name; <see cref="TinyShakespeare"/> is downloaded when missing. For a corpus that
/// needs no file at all, see <see cref="Phrases"/>.
/// </summary>
public static class TextCorpus
{
    /// <summary>The folder of text corpora inside the data root.</summary>
    public const string Folder = "text";

    /// <summary>
    /// Tiny Shakespeare (Karpathy, char-rnn): about 1.1 MB of Shakespeare's plays, 40,000 lines. Loaded as
    /// <c>tiny-shakespeare</c>.
    /// </summary>
    public static RemoteDataset TinyShakespeare { get; } = new("tiny-shakespeare", Folder,
    [
        new RemoteFile("tiny-shakespeare.txt", 1115394, "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        [
            new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
            new Uri("https://raw.githubusercontent.com/dmlc/web-data/master/mxnet/tinyshakespeare/input.txt"),
        ]),
    ]);

    /// <summary>
    /// The text of <c>{root}/text/{name}.txt</c>. For <c>tiny-shakespeare</c> the file is downloaded first when
    /// missing and <paramref name="download"/> allows.
    /// </summary>
    /// <param name="name">The corpus name: the file name without <c>.txt</c>.</param>
    /// <param name="root">The data root; <c>null</c> for the default (see <see cref="DataRoot"/>).</param>
    /// <param name="download">Download a known corpus when it is missing.</param>
    /// <exception cref="FileNotFoundException">No such file, and it is not a corpus that can be downloaded.</exception>
    public static string Load(string name, string? root = null, bool download = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.Contains(".."))
            throw new ArgumentException($"'{name}' is not a corpus name: give the file name without folder or .txt.", nameof(name));
        var folder = name == TinyShakespeare.Name ? TinyShakespeare.Ensure(root, download) : Path.Combine(DataRoot.Resolve(root), Folder);
        var path = Path.Combine(folder, name + ".txt");
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"No text corpus '{name}': {path} does not exist. Place a UTF-8 text file there, or use '{TinyShakespeare.Name}'.", path);
        return File.ReadAllText(path);
    }
}
