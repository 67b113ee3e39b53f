using System.Globalization;
using DeepArch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Data;

public sealed class TokenTasksTests
{
    private static readonly TokenVocabulary Vocabulary = TokenVocabulary.Default;

    [Fact]
    public void CopyReverseAndSortTargetsAreTheirTransformOfTheSource()
    {
        using var copy = TokenTasks.Copy(50, minLength: 2, maxLength: 6, seed: 1);
        using var reverse = TokenTasks.Reverse(50, minLength: 2, maxLength: 6, seed: 1);
        using var sort = TokenTasks.Sort(50, minLength: 2, maxLength: 6, seed: 1);

        Assert.Equal([50L, 6], copy.Inputs.shape);
        Assert.Equal([50L, 8], copy.Targets.shape);
        var lengths = new HashSet<int>();
        for (var n = 0; n < 50; n++)
        {
            var source = Row(copy.Inputs, n);
            lengths.Add(source.Length);
            Assert.Equal(source, Row(reverse.Inputs, n));
            Assert.Equal(source, Row(copy.Targets, n));
            Assert.Equal(new string(source.Reverse().ToArray()), Row(reverse.Targets, n));
            Assert.Equal(string.Concat(source.OrderBy(c => c)), Row(sort.Targets, n));
        }
        Assert.Equal([2, 3, 4, 5, 6], lengths.Order());
    }

    [Fact]
    public void TargetsAreFramedByBosAndEosThenPadded()
    {
        using var copy = TokenTasks.Copy(20, minLength: 1, maxLength: 4, seed: 2);
        var inputs = copy.Inputs.data<long>().ToArray();
        var targets = copy.Targets.data<long>().ToArray();
        for (var n = 0; n < 20; n++)
        {
            var length = inputs.Skip(n * 4).Take(4).Count(id => id != TokenVocabulary.Pad);
            var row = targets.Skip(n * 6).Take(6).ToArray();
            Assert.Equal(TokenVocabulary.Bos, row[0]);
            Assert.Equal(TokenVocabulary.Eos, row[length + 1]);
            Assert.All(row[(length + 2)..], id => Assert.Equal(TokenVocabulary.Pad, id));
            Assert.All(inputs.Skip(n * 4 + length).Take(4 - length), id => Assert.Equal(TokenVocabulary.Pad, id));
        }
    }

    [Fact]
    public void AdditionTargetsAreTheSums()
    {
        using var addition = TokenTasks.Addition(100, digits: 3, seed: 3);

        Assert.Equal([100L, 7], addition.Inputs.shape);
        Assert.Equal([100L, 6], addition.Targets.shape);
        for (var n = 0; n < 100; n++)
        {
            var operands = Row(addition.Inputs, n).Split('+').Select(int.Parse).ToArray();
            Assert.Equal(2, operands.Length);
            Assert.All(operands, operand => Assert.InRange(operand, 0, 999));
            Assert.Equal((operands[0] + operands[1]).ToString(CultureInfo.InvariantCulture), Row(addition.Targets, n));
        }
    }

    [Fact]
    public void ParenthesesLabelsSayWhetherTheStringIsBalanced()
    {
        using var parentheses = TokenTasks.Parentheses(400, maxLength: 12, seed: 4);

        var labels = parentheses.Targets.data<long>().ToArray();
        var sameCountsButUnbalanced = 0;
        for (var n = 0; n < 400; n++)
        {
            var text = Row(parentheses.Inputs, n);
            Assert.InRange(text.Length, 1, 12);
            Assert.Matches("^[()]+$", text);
            // Independent check: the running depth never goes negative and ends at zero.
            var depths = text.Select(c => c == '(' ? 1 : -1).Aggregate(new List<int> { 0 }, (list, step) => { list.Add(list[^1] + step); return list; });
            var balanced = depths.Min() >= 0 && depths[^1] == 0;
            Assert.Equal(balanced ? 1 : 0, labels[n]);
            sameCountsButUnbalanced += !balanced && depths[^1] == 0 ? 1 : 0;
        }
        Assert.Equal(200, labels.Count(label => label == 1));
        Assert.True(sameCountsButUnbalanced >= 50, $"{sameCountsButUnbalanced} unbalanced strings have equal counts: counting would solve the task");
    }

    [Fact]
    public void TasksAreDeterministicBySeed()
    {
        using var a = TokenTasks.Parentheses(30, seed: 5);
        using var b = TokenTasks.Parentheses(30, seed: 5);
        using var c = TokenTasks.Addition(30, seed: 5);
        using var d = TokenTasks.Addition(30, seed: 5);
        using var e = TokenTasks.Addition(30, seed: 6);

        Assert.True(a.Inputs.Same(b.Inputs) && a.Targets.Same(b.Targets));
        Assert.True(c.Inputs.Same(d.Inputs) && c.Targets.Same(d.Targets));
        Assert.False(c.Inputs.Same(e.Inputs));
    }

    [Fact]
    public void TheVocabularyEncodesAndDecodesCharacters()
    {
        Assert.Equal(16, Vocabulary.Count);
        Assert.Equal(["<pad>", "<bos>", "<eos>", "0"], Vocabulary.Tokens.Take(4));
        Assert.Equal([1L, 3 + 4, 3 + 0, 3 + 10, 3 + 9, TokenVocabulary.Eos, 3 + 1], new[] { TokenVocabulary.Bos }.Concat(Vocabulary.Encode("40+9")).Append(TokenVocabulary.Eos).Append(Vocabulary.Id('1')));
        Assert.Equal("40+9", Vocabulary.Decode([TokenVocabulary.Bos, 7, 3, 13, 12, TokenVocabulary.Eos, 4]));
        Assert.Throws<ArgumentException>(() => Vocabulary.Encode("x"));
    }

    private static string Row(Tensor tokens, int n)
    {
        using var row = tokens[n];
        return Vocabulary.Decode(row.data<long>().ToArray());
    }
}
