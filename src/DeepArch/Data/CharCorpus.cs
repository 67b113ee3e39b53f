using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// A text seen one character at a time, as a character-level language model sees it: the vocabulary is the sorted set
/// of characters that occur, each character's id its rank in that set.
/// </summary>
public sealed class CharCorpus
{
    private readonly Dictionary<char, int> _ids;

    /// <summary>Builds the vocabulary of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    public CharCorpus(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
        Vocabulary = new string(text.Distinct().Order().ToArray());
        _ids = Vocabulary.Select((c, i) => (c, i)).ToDictionary(pair => pair.c, pair => pair.i);
    }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>The characters that occur, sorted; character <c>Vocabulary[i]</c> has id <c>i</c>.</summary>
    public string Vocabulary { get; }

    /// <summary>Number of distinct characters.</summary>
    public int VocabularySize => Vocabulary.Length;

    /// <summary>The ids of <paramref name="text"/>'s characters, <c>int64 [L]</c>.</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary.</exception>
    public Tensor Encode(string text)
    {
        var ids = new long[text.Length];
        for (var i = 0; i < text.Length; i++)
            ids[i] = _ids.TryGetValue(text[i], out var id)
                ? id
                : throw new ArgumentException($"Character '{text[i]}' (U+{(int)text[i]:X4}) is not in the corpus vocabulary.", nameof(text));
        return tensor(ids, new long[] { ids.Length });
    }

    /// <summary>The text of a 1-D tensor of ids.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1-D, or an id is out of range.</exception>
    public string Decode(Tensor ids)
    {
        if (ids.dim() != 1)
            throw new ArgumentException($"Decode expects a 1-D tensor of ids; got [{string.Join(", ", ids.shape)}].", nameof(ids));
        using var onCpu = ids.to_type(ScalarType.Int64).cpu();
        return new string(onCpu.data<long>().Select(id => id >= 0 && id < Vocabulary.Length
            ? Vocabulary[(int)id]
            : throw new ArgumentException($"Id {id} is outside the vocabulary (0 to {Vocabulary.Length - 1}).", nameof(ids))).ToArray());
    }

    /// <summary>
    /// Random windows of the text for next-character prediction: <c>Inputs</c> <c>int64 [N, T]</c> and
    /// <c>Targets</c> <c>int64 [N, T]</c>, the same windows shifted one character right.
    /// </summary>
    /// <param name="count">Number of windows N.</param>
    /// <param name="length">Characters per window T.</param>
    /// <param name="seed">Seed of the window positions.</param>
    /// <exception cref="ArgumentException">The text is not longer than <paramref name="length"/>.</exception>
    public Samples Windows(int count, int length, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (Text.Length <= length)
            throw new ArgumentException($"The text has {Text.Length} characters; windows of {length} need at least {length + 1}.", nameof(length));
        var random = new Random(seed);
        var inputs = new long[(long)count * length];
        var targets = new long[(long)count * length];
        for (var n = 0; n < count; n++)
        {
            var start = random.Next(Text.Length - length);
            for (var t = 0; t < length; t++)
            {
                inputs[(long)n * length + t] = _ids[Text[start + t]];
                targets[(long)n * length + t] = _ids[Text[start + t + 1]];
            }
        }
        return new Samples(tensor(inputs, new long[] { count, length }), tensor(targets, new long[] { count, length }));
    }
}
