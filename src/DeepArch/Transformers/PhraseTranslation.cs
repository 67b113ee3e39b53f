using DeepArch.Data;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// The catalogue's French/English phrase pairs (<see cref="Phrases"/>) as word tokens for a <see cref="Translator"/>:
/// a word vocabulary per language (ids 0, 1, 2 are padding, start and end), sentences padded to the longest of a set.
/// Words are split at spaces and after apostrophes (<c>l'école</c> → <c>l'</c>, <c>école</c>).
/// </summary>
public sealed class PhraseTranslation
{
    private static readonly string[] Specials = ["<pad>", "<bos>", "<eos>"];
    private readonly Dictionary<string, long> _french;
    private readonly Dictionary<string, long> _english;

    /// <summary>Vocabularies covering every word the phrase generator can produce (from a large sample of it).</summary>
    public PhraseTranslation()
    {
        var pairs = Phrases.Generate(20_000, seed: 1);
        FrenchWords = [.. Specials, .. pairs.SelectMany(p => Words(p.French)).Distinct().Order(StringComparer.Ordinal)];
        EnglishWords = [.. Specials, .. pairs.SelectMany(p => Words(p.English)).Distinct().Order(StringComparer.Ordinal)];
        _french = FrenchWords.Select((w, i) => (w, (long)i)).ToDictionary(x => x.w, x => x.Item2);
        _english = EnglishWords.Select((w, i) => (w, (long)i)).ToDictionary(x => x.w, x => x.Item2);
    }

    /// <summary>French words by id.</summary>
    public IReadOnlyList<string> FrenchWords { get; }

    /// <summary>English words by id.</summary>
    public IReadOnlyList<string> EnglishWords { get; }

    /// <summary>The words of a sentence.</summary>
    public static IReadOnlyList<string> Words(string sentence) =>
        sentence.Replace("'", "' ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>French sources <c>[N, S]</c> (padded) of <paramref name="pairs"/>.</summary>
    public Tensor Sources(IReadOnlyList<PhrasePair> pairs) => Pad(pairs.Select(p => Ids(_french, p.French)).ToList());

    /// <summary>English targets <c>[N, T]</c>: start, the words, end, padding.</summary>
    public Tensor Targets(IReadOnlyList<PhrasePair> pairs) =>
        Pad(pairs.Select(p => (long[])[Translator.Bos, .. Ids(_english, p.English), Translator.Eos]).ToList());

    /// <summary>English text of target ids (up to the end token; padding and start skipped).</summary>
    public string English(IEnumerable<long> ids) =>
        string.Join(' ', ids.TakeWhile(id => id != Translator.Eos).Where(id => id > Translator.Eos).Select(id => EnglishWords[(int)id]))
            .Replace("' ", "'", StringComparison.Ordinal);

    private static long[] Ids(Dictionary<string, long> vocabulary, string sentence) =>
        Words(sentence).Select(w => vocabulary.TryGetValue(w, out var id) ? id
            : throw new ArgumentException($"'{w}' is not in the phrase vocabulary.", nameof(sentence))).ToArray();

    private static Tensor Pad(List<long[]> rows)
    {
        var width = rows.Max(r => r.Length);
        var data = new long[rows.Count, width];
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < rows[i].Length; j++)
                data[i, j] = rows[i][j];
        return tensor(data);
    }
}
