using DeepArch.Runtime;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Algorithmic sequence tasks for sequence-to-sequence models and attention, over <see cref="TokenVocabulary"/>.
/// The seq2seq tasks return <c>Inputs</c> <c>int64 [N, S]</c> (the source, right-padded) and <c>Targets</c>
/// <c>int64 [N, T]</c> (<c>&lt;bos&gt;</c>, the answer, <c>&lt;eos&gt;</c>, right-padded): feed
/// <c>Targets[:, :-1]</c> to the decoder and predict <c>Targets[:, 1:]</c>.
/// </summary>
public static class TokenTasks
{
    private static TokenVocabulary Vocabulary => TokenVocabulary.Default;

    /// <summary>Copy a random digit string: <c>"3141" → "3141"</c>. Lengths are uniform in [<paramref name="minLength"/>, <paramref name="maxLength"/>].</summary>
    public static Samples Copy(int count, int minLength = 3, int maxLength = 8, int seed = Seeding.DefaultSeed) =>
        DigitTask(count, minLength, maxLength, seed, digits => digits);

    /// <summary>Reverse a random digit string: <c>"3141" → "1413"</c>.</summary>
    public static Samples Reverse(int count, int minLength = 3, int maxLength = 8, int seed = Seeding.DefaultSeed) =>
        DigitTask(count, minLength, maxLength, seed, digits => new string(digits.Reverse().ToArray()));

    /// <summary>Sort a random digit string: <c>"3141" → "1134"</c>.</summary>
    public static Samples Sort(int count, int minLength = 3, int maxLength = 8, int seed = Seeding.DefaultSeed) =>
        DigitTask(count, minLength, maxLength, seed, digits => new string(digits.Order().ToArray()));

    /// <summary>
    /// Add two numbers of up to <paramref name="digits"/> digits, written most significant digit first:
    /// <c>"407+95" → "502"</c>. Operands are uniform in [0, 10^digits).
    /// </summary>
    public static Samples Addition(int count, int digits = 3, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        var random = new Random(seed);
        var limit = (int)Math.Pow(10, digits);
        var pairs = new (string Source, string Answer)[count];
        for (var n = 0; n < count; n++)
        {
            var (a, b) = (random.Next(limit), random.Next(limit));
            pairs[n] = ($"{a}+{b}", (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return Encode(pairs, sourceLength: 2 * digits + 1, answerLength: digits + 1);
    }

    /// <summary>
    /// Balanced parentheses, a classification task that needs a stack (or attention), not a count:
    /// <c>Inputs</c> <c>int64 [N, L]</c> strings of <c>(</c> and <c>)</c> right-padded to <paramref name="maxLength"/>,
    /// <c>Targets</c> <c>int64 [N]</c>, 1 when balanced. Half the samples are balanced; of the others, half are
    /// balanced strings shuffled until they are not (same counts, wrong order) and half are random strings.
    /// </summary>
    public static Samples Parentheses(int count, int maxLength = 16, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var random = new Random(seed);
        var inputs = new long[count * maxLength];
        var targets = new long[count];
        for (var n = 0; n < count; n++)
        {
            var text = (n % 4) switch
            {
                0 or 1 => BalancedString(random, 2 * random.Next(1, maxLength / 2 + 1)),
                2 => Unbalance(random, BalancedString(random, 2 * random.Next(1, maxLength / 2 + 1))),
                _ => RandomUnbalanced(random, random.Next(1, maxLength + 1)),
            };
            targets[n] = IsBalanced(text) ? 1 : 0;
            Vocabulary.Encode(text).CopyTo(inputs, n * maxLength);
        }
        return new Samples(tensor(inputs, new long[] { count, maxLength }), tensor(targets, new long[] { count }));
    }

    private static Samples DigitTask(int count, int minLength, int maxLength, int seed, Func<string, string> answer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        var random = new Random(seed);
        var pairs = new (string Source, string Answer)[count];
        for (var n = 0; n < count; n++)
        {
            var digits = new string(Enumerable.Range(0, random.Next(minLength, maxLength + 1)).Select(_ => (char)('0' + random.Next(10))).ToArray());
            pairs[n] = (digits, answer(digits));
        }
        return Encode(pairs, sourceLength: maxLength, answerLength: maxLength);
    }

    private static Samples Encode((string Source, string Answer)[] pairs, int sourceLength, int answerLength)
    {
        var count = pairs.Length;
        var targetLength = answerLength + 2;
        var inputs = new long[count * sourceLength];           // zeros = <pad>
        var targets = new long[count * targetLength];
        for (var n = 0; n < count; n++)
        {
            Vocabulary.Encode(pairs[n].Source).CopyTo(inputs, n * sourceLength);
            var row = n * targetLength;
            targets[row] = TokenVocabulary.Bos;
            Vocabulary.Encode(pairs[n].Answer).CopyTo(targets, row + 1);
            targets[row + 1 + pairs[n].Answer.Length] = TokenVocabulary.Eos;
        }
        return new Samples(tensor(inputs, new long[] { count, sourceLength }), tensor(targets, new long[] { count, targetLength }));
    }

    /// <summary>A random balanced string of even <paramref name="length"/>: at each step, any move that can still be completed.</summary>
    private static string BalancedString(Random random, int length)
    {
        var text = new char[length];
        var open = 0;
        for (var i = 0; i < length; i++)
        {
            var remaining = length - i;
            var canOpen = open + 1 <= remaining - 1;
            var canClose = open > 0;
            var opening = canOpen && (!canClose || random.Next(2) == 0);
            text[i] = opening ? '(' : ')';
            open += opening ? 1 : -1;
        }
        return new string(text);
    }

    private static string Unbalance(Random random, string balanced)
    {
        var characters = balanced.ToCharArray();
        do
            random.Shuffle(characters);
        while (IsBalanced(new string(characters)));
        return new string(characters);
    }

    private static string RandomUnbalanced(Random random, int length)
    {
        string text;
        do
            text = new string(Enumerable.Range(0, length).Select(_ => random.Next(2) == 0 ? '(' : ')').ToArray());
        while (IsBalanced(text));
        return text;
    }

    private static bool IsBalanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : -1;
            if (depth < 0)
                return false;
        }
        return depth == 0;
    }
}
