using DeepArch.Data;

namespace DeepArch.Diffusion;

/// <summary>
/// The words of the shapes dataset's French captions (« cercle rouge », « étoile verte », …) as tokens for a small learned
/// word embedding: token 0 is ∅ (no caption), then every shape name and colour adjective in a fixed order, so a
/// checkpoint's embedding rows always mean the same words.
/// </summary>
public sealed class CaptionVocabulary
{
    private readonly Dictionary<string, long> _ids;

    private CaptionVocabulary(IReadOnlyList<string> words)
    {
        Words = ["∅", .. words];
        _ids = Words.Select((word, id) => (word, (long)id)).Skip(1).ToDictionary(p => p.word, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>The words of every caption <see cref="Data.Shapes"/> writes.</summary>
    public static CaptionVocabulary Shapes { get; } = new(
        Enumerable.Range(0, Data.Shapes.ShapeNames.Count)
            .SelectMany(shape => Enumerable.Range(0, Data.Shapes.ColorNames.Count).Select(color => Data.Shapes.Caption(shape, color)))
            .SelectMany(caption => caption.Split(' '))
            .Distinct(StringComparer.Ordinal).ToList());

    /// <summary>Tokens per caption (shape and colour; shorter captions are padded with ∅).</summary>
    public const int CaptionLength = 2;

    /// <summary>Token by token: ∅ then the words.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Vocabulary size, ∅ included.</summary>
    public int Count => Words.Count;

    /// <summary>The tokens of <paramref name="caption"/>, padded with ∅ to <see cref="CaptionLength"/>.</summary>
    /// <exception cref="ArgumentException">An unknown word, or too many words.</exception>
    public long[] Encode(string caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var words = caption.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > CaptionLength)
            throw new ArgumentException($"A caption has at most {CaptionLength} words (a shape and a colour); got « {caption} ».", nameof(caption));
        var tokens = new long[CaptionLength];
        for (var i = 0; i < words.Length; i++)
            tokens[i] = _ids.TryGetValue(words[i], out var id)
                ? id
                : throw new ArgumentException($"Unknown word « {words[i]} » in « {caption} »; the words are: {string.Join(", ", Words.Skip(1))}.", nameof(caption));
        return tokens;
    }

    /// <summary>Tokens of many captions, int64 <c>[N, CaptionLength]</c>.</summary>
    public TorchSharp.torch.Tensor Encode(IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var ids = captions.SelectMany(Encode).ToArray();
        return TorchSharp.torch.tensor(ids, new long[] { captions.Count, CaptionLength });
    }
}
