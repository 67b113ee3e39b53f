namespace DeepArch.Transformers;

/// <summary>
/// Corpus BLEU over words (Papineni et al. 2002): the geometric mean of the modified 1- to 4-gram precisions of the
/// candidates against one reference each, times the brevity penalty <c>exp(min(0, 1 − r/c))</c>. 1 for a perfect
/// corpus; words are separated by spaces.
/// </summary>
public static class Bleu
{
    /// <summary>BLEU of <paramref name="corpus"/> (reference, candidate) pairs.</summary>
    /// <exception cref="ArgumentException">The corpus is empty.</exception>
    public static double Corpus(IEnumerable<(string Reference, string Candidate)> corpus, int maxOrder = 4)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrder, 1);
        var (matches, totals) = (new double[maxOrder], new double[maxOrder]);
        var (referenceLength, candidateLength, pairs) = (0.0, 0.0, 0);
        foreach (var (reference, candidate) in corpus)
        {
            pairs++;
            var r = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var c = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            referenceLength += r.Length;
            candidateLength += c.Length;
            for (var n = 1; n <= maxOrder; n++)
            {
                var available = Grams(r, n).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
                foreach (var gram in Grams(c, n))
                {
                    totals[n - 1]++;
                    if (available.TryGetValue(gram, out var left) && left > 0)
                    {
                        available[gram] = left - 1;   // clipped: a reference n-gram matches once
                        matches[n - 1]++;
                    }
                }
            }
        }
        if (pairs == 0)
            throw new ArgumentException("BLEU needs at least one sentence pair.", nameof(corpus));
        if (matches.Any(m => m == 0))
            return 0;
        var logPrecision = Enumerable.Range(0, maxOrder).Average(n => Math.Log(matches[n] / totals[n]));
        var brevity = Math.Min(0, 1 - referenceLength / Math.Max(candidateLength, 1));
        return Math.Exp(brevity + logPrecision);
    }

    private static IEnumerable<string> Grams(string[] words, int n) =>
        Enumerable.Range(0, Math.Max(0, words.Length - n + 1)).Select(i => string.Join(' ', words[i..(i + n)]));
}
