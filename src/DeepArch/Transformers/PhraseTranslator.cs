using DeepArch.Data;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// A <see cref="Translator"/> sized for the catalogue's French/English phrase pairs, with their word vocabularies
/// (<see cref="PhraseTranslation"/>): the model of the <c>translator-phrases</c> recipe. Its one-input
/// <see cref="forward"/> translates greedily, so it is a plain module a checkpoint can hold; training goes through
/// <see cref="Translator"/>'s teacher-forced forward (<see cref="TranslatorLearner"/>).
/// </summary>
public sealed class PhraseTranslator : nn.Module<Tensor, Tensor>
{
    private readonly Translator translator;

    /// <summary>Builds an untrained translator over <paramref name="words"/>' vocabularies.</summary>
    /// <param name="words">The phrase vocabularies.</param>
    /// <param name="maxLength">Longest sentence in tokens, either side (start and end tokens included).</param>
    /// <param name="layers">Encoder blocks, and as many decoder blocks.</param>
    /// <param name="heads">Attention heads per block.</param>
    /// <param name="width">Token width d_model.</param>
    public PhraseTranslator(PhraseTranslation words, int maxLength = 24, int layers = 2, int heads = 4, int width = 64)
        : base(nameof(PhraseTranslator))
    {
        ArgumentNullException.ThrowIfNull(words);
        Words = words;
        translator = new Translator(new TranslatorConfig(words.FrenchWords.Count, words.EnglishWords.Count,
            maxLength, layers, heads, width));
        RegisterComponents();
    }

    /// <summary>The vocabularies.</summary>
    public PhraseTranslation Words { get; }

    /// <summary>The encoder-decoder itself (teacher forcing, cross-attention maps).</summary>
    public Translator Translator => translator;

    /// <summary>Greedy translation: English ids <c>[B, ≤ MaxLength − 1]</c> of French ids <c>[B, S]</c>.</summary>
    public override Tensor forward(Tensor input) => translator.Translate(input, translator.Config.MaxLength - 1);

    /// <summary>The English translations of French sentences, translated greedily in one batch.</summary>
    /// <exception cref="ArgumentException">A sentence has a word outside the French vocabulary, or is too long.</exception>
    public IReadOnlyList<string> Translate(IReadOnlyList<string> french)
    {
        ArgumentNullException.ThrowIfNull(french);
        if (french.Count == 0)
            return [];
        var pairs = french.Select(sentence => new PhrasePair(sentence, "")).ToList();
        var device = translator.parameters().First().device;
        using var scope = NewDisposeScope();
        var ids = forward(Words.Sources(pairs).to(device)).cpu();                                  // [B, T]
        return Enumerable.Range(0, french.Count).Select(i => Words.English(ids[i].data<long>().ToArray())).ToList();
    }
}
