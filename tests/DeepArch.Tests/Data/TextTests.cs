using System.Text.RegularExpressions;
using DeepArch.Data;
using TorchSharp;

namespace DeepArch.Tests.Data;

public sealed class TextTests
{
    [Fact]
    public void PhrasesAreDeterministicBySeed()
    {
        Assert.Equal(Phrases.Generate(50, seed: 1), Phrases.Generate(50, seed: 1));
        Assert.NotEqual(Phrases.Generate(50, seed: 1), Phrases.Generate(50, seed: 2));
        Assert.Equal(Phrases.FrenchText(20, seed: 3), string.Concat(Phrases.Generate(20, seed: 3).Select(p => p.French + "\n")));
    }

    [Fact]
    public void FrenchPhrasesRespectAgreement()
    {
        string[] feminineNouns = ["pomme", "banane", "poire", "étoile", "fleur", "boîte", "orange"];
        string[] masculineNouns = ["cercle", "ballon", "livre", "chapeau", "arbre"];
        string[] masculineOnly = ["vert", "bleu", "violet", "noir", "blanc", "petit", "grand"];
        string[] feminineOnly = ["verte", "bleue", "violette", "noire", "blanche", "petite", "grande"];
        var pairs = Phrases.Generate(2000, seed: 4);

        foreach (var (french, english) in pairs)
        {
            Assert.Matches(@"^\p{Lu}.*\.$", french);
            Assert.Matches(@"^\p{Lu}.*\.$", english);
            var words = Regex.Split(french.TrimEnd('.'), @"[ ']");
            for (var i = 0; i < words.Length; i++)
            {
                var neighbours = new[] { i > 0 ? words[i - 1] : "", i + 1 < words.Length ? words[i + 1] : "" };
                if (feminineNouns.Contains(words[i]))
                    Assert.DoesNotContain(neighbours, masculineOnly.Contains);
                if (masculineNouns.Contains(words[i]))
                    Assert.DoesNotContain(neighbours, feminineOnly.Contains);
            }
            // Plural subjects take plural verbs: "Les enfants dessinent", never "Les enfants dessine".
            if (Regex.IsMatch(french, "^(Les|Mes|Paul et Léa) "))
                Assert.Matches(@"^(Les \w+|Mes \w+|Paul et Léa) \w+ent ", french);
            else
                Assert.DoesNotMatch(@"^(Le|La|Marie|Mon) (\w+ )?\w+ent ", french);
        }
        Assert.Contains(pairs, pair => pair.French.Contains("l'étoile") || pair.French.Contains("l'orange") || pair.French.Contains("l'arbre"));
        Assert.Contains(pairs, pair => pair.English.Contains(" an "));
    }

    [Fact]
    public void ACharCorpusEncodesAndDecodesAroundASortedVocabulary()
    {
        var corpus = new CharCorpus("une pomme verte, une étoile.");

        Assert.Equal(" ,.eilmnoprtuvé", corpus.Vocabulary);
        using var ids = corpus.Encode("pomme");
        Assert.Equal([9L, 8, 6, 6, 3], ids.data<long>().ToArray());
        Assert.Equal("pomme", corpus.Decode(ids));
        Assert.Throws<ArgumentException>(() => corpus.Encode("z"));
    }

    [Fact]
    public void WindowTargetsAreTheInputsShiftedByOneCharacter()
    {
        var text = Phrases.FrenchText(50, seed: 5);
        var corpus = new CharCorpus(text);

        using var windows = corpus.Windows(count: 16, length: 20, seed: 6);

        Assert.Equal([16L, 20], windows.Inputs.shape);
        for (var n = 0; n < 16; n++)
        {
            using var inputs = windows.Inputs[n];
            using var targets = windows.Targets[n];
            var input = corpus.Decode(inputs);
            var target = corpus.Decode(targets);
            Assert.Equal(input[1..], target[..^1]);
            Assert.Contains(input + target[^1], text);
        }
    }
}
