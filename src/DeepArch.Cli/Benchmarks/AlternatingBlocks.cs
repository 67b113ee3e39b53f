using System.Diagnostics;

namespace DeepArch.Cli.Benchmarks;

/// <summary>
/// Times two loops over the same number of steps in alternating blocks, so a change in machine load during the run
/// affects both alike; which loop goes first alternates too (ABBA), so neither always inherits the other's caches.
/// </summary>
internal static class AlternatingBlocks
{
    /// <summary>Runs <paramref name="first"/> and <paramref name="second"/> for <paramref name="steps"/> steps each.</summary>
    /// <param name="steps">Timed steps of each loop.</param>
    /// <param name="rounds">Blocks per loop (at most <paramref name="steps"/>).</param>
    /// <param name="first">Runs the first loop for the given number of steps.</param>
    /// <param name="second">Runs the second loop for the given number of steps.</param>
    /// <param name="log">Progress lines, or <c>null</c>.</param>
    /// <param name="afterRound">Called with the round's index after each round, e.g. to sample memory.</param>
    /// <returns>The total time of each loop.</returns>
    public static (TimeSpan First, TimeSpan Second) Time(int steps, int rounds, Action<int> first, Action<int> second,
        TextWriter? log, Action<int>? afterRound = null)
    {
        rounds = Math.Min(rounds, steps);
        var (firstTime, secondTime, done) = (TimeSpan.Zero, TimeSpan.Zero, 0);
        for (var round = 0; round < rounds; round++)
        {
            var block = steps * (round + 1) / rounds - done;
            done += block;
            log?.WriteLine($"round {round + 1}/{rounds}: {block} steps of each loop…");
            for (var turn = 0; turn < 2; turn++)
            {
                var clock = Stopwatch.StartNew();
                if ((turn == 0) == (round % 2 == 0))
                {
                    first(block);
                    firstTime += clock.Elapsed;
                }
                else
                {
                    second(block);
                    secondTime += clock.Elapsed;
                }
            }
            afterRound?.Invoke(round);
        }
        return (firstTime, secondTime);
    }
}
