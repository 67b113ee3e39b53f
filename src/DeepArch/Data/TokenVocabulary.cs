namespace DeepArch.Data;

/// <summary>
/// The token vocabulary shared by the <see cref="TokenTasks"/>: three special tokens, then one token per character
/// <c>0123456789+()</c>. Id 0 is padding, so <c>cross_entropy(..., ignore_index: 0)</c> skips it.
/// </summary>
public sealed class TokenVocabulary
{
    private const string Characters = "0123456789+()";

    private TokenVocabulary()
    {
    }

    /// <summary>The vocabulary (there is only one).</summary>
    public static TokenVocabulary Default { get; } = new();

    /// <summary>Padding, after the end of a shorter sequence.</summary>
    public const long Pad = 0;

    /// <summary>Beginning of sequence: the decoder's first input.</summary>
    public const long Bos = 1;

    /// <summary>End of sequence: the decoder's last target.</summary>
    public const long Eos = 2;

    /// <summary>All tokens by id: <c>&lt;pad&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c>, then the characters.</summary>
    public IReadOnlyList<string> Tokens { get; } = ["<pad>", "<bos>", "<eos>", .. Characters.Select(c => c.ToString())];

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Count;

    /// <summary>The id of a character token.</summary>
    /// <exception cref="ArgumentException">The character has no token.</exception>
    public long Id(char character)
    {
        var index = Characters.IndexOf(character);
        return index >= 0
            ? index + 3
            : throw new ArgumentException($"'{character}' has no token; the vocabulary holds {Characters}.", nameof(character));
    }

    /// <summary>The ids of <paramref name="text"/>'s characters.</summary>
    public long[] Encode(string text) => text.Select(Id).ToArray();

    /// <summary>The characters of <paramref name="ids"/>, skipping <c>&lt;bos&gt;</c> and padding and stopping at <c>&lt;eos&gt;</c>.</summary>
    /// <exception cref="ArgumentException">An id is out of range.</exception>
    public string Decode(IEnumerable<long> ids)
    {
        var text = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (id == Eos)
                break;
            if (id is Pad or Bos)
                continue;
            if (id < 0 || id >= Count)
                throw new ArgumentException($"Id {id} is outside the vocabulary (0 to {Count - 1}).", nameof(ids));
            text.Append(Characters[(int)id - 3]);
        }
        return text.ToString();
    }
}
