namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The marker lines of assignment cells, nbgrader's convention in C# comments: <c>// BEGIN SOLUTION</c> …
/// <c>// END SOLUTION</c> (replaced by a stub, or by the author's prompt when a <c>// BEGIN PROMPT</c> … <c>// END PROMPT</c>
/// block of commented lines follows right after), and <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c> (removed
/// from the student's version). A marker is a line holding only the marker, at any indentation.
/// </summary>
public static class Regions
{
    /// <summary>Opens a solution region.</summary>
    public const string BeginSolution = "// BEGIN SOLUTION";

    /// <summary>Closes a solution region.</summary>
    public const string EndSolution = "// END SOLUTION";

    /// <summary>Opens the author's prompt, right after a solution region.</summary>
    public const string BeginPrompt = "// BEGIN PROMPT";

    /// <summary>Closes the author's prompt.</summary>
    public const string EndPrompt = "// END PROMPT";

    /// <summary>Opens hidden tests (test cells only).</summary>
    public const string BeginHidden = "// BEGIN HIDDEN TESTS";

    /// <summary>Closes hidden tests.</summary>
    public const string EndHidden = "// END HIDDEN TESTS";

    /// <summary>What a solution region becomes without a prompt (indented like its <c>BEGIN</c> line).</summary>
    public const string Stub = "throw new NotImplementedException(); // À COMPLÉTER";

    private static readonly string[] Markers = [BeginSolution, EndSolution, BeginPrompt, EndPrompt, BeginHidden, EndHidden];

    /// <summary>Whether the text holds a solution region.</summary>
    public static bool HasSolution(string source) => Lines(source).Any(l => l.Trim() == BeginSolution);

    /// <summary>Whether the text holds hidden tests.</summary>
    public static bool HasHiddenTests(string source) => Lines(source).Any(l => l.Trim() == BeginHidden);

    /// <summary>
    /// The first broken rule in the cell's markers, as "line N: …", or null: regions closed and not nested, prompts
    /// right after a solution and made of comment lines, hidden tests only where <paramref name="hiddenAllowed"/>.
    /// </summary>
    public static string? Problem(string source, bool hiddenAllowed)
    {
        var lines = Lines(source);
        string? open = null;
        var openedAt = 0;
        var lastClosedSolution = -2;
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = lines[i].Trim();
            if (open == BeginPrompt && marker != EndPrompt && !marker.StartsWith("//", StringComparison.Ordinal) && marker.Length > 0)
                return $"line {i + 1}: a prompt line must be a comment ('// code'), the student gets it uncommented";
            if (!Markers.Contains(marker))
                continue;
            switch (marker)
            {
                case BeginSolution or BeginHidden or BeginPrompt when open is not null:
                    return $"line {i + 1}: '{marker}' inside the region opened by '{open}' on line {openedAt + 1}";
                case BeginHidden when !hiddenAllowed:
                    return $"line {i + 1}: hidden tests belong in test cells (metadata deeparch.test and points)";
                case BeginPrompt when lastClosedSolution != i - 1:
                    return $"line {i + 1}: '{BeginPrompt}' must come right after '{EndSolution}'";
                case BeginSolution or BeginHidden or BeginPrompt:
                    open = marker;
                    openedAt = i;
                    break;
                default:
                    var expected = open switch { BeginSolution => EndSolution, BeginHidden => EndHidden, BeginPrompt => EndPrompt, _ => null };
                    if (marker != expected)
                        return $"line {i + 1}: '{marker}' without a matching opening marker";
                    if (marker == EndSolution)
                        lastClosedSolution = i;
                    open = null;
                    break;
            }
        }
        return open is null ? null : $"line {openedAt + 1}: '{open}' is never closed";
    }

    /// <summary>The student's version: each solution region replaced by its prompt or the stub, hidden tests removed.</summary>
    public static string ForStudent(string source)
    {
        var lines = Lines(source);
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = lines[i].Trim();
            if (marker == BeginHidden)
            {
                i = Closing(lines, i, EndHidden);
            }
            else if (marker == BeginSolution)
            {
                var indent = Indentation(lines[i]);
                i = Closing(lines, i, EndSolution);
                if (i + 1 < lines.Length && lines[i + 1].Trim() == BeginPrompt)
                {
                    var end = Closing(lines, i + 1, EndPrompt);
                    kept.AddRange(lines[(i + 2)..end].Select(Uncomment));
                    i = end;
                }
                else
                {
                    kept.Add(indent + Stub);
                }
            }
            else if (marker == BeginPrompt)
            {
                // A prompt after a solution was consumed above; elsewhere it is invalid and validation says so.
                i = Closing(lines, i, EndPrompt);
            }
            else
            {
                kept.Add(lines[i]);
            }
        }
        return string.Join('\n', kept);
    }

    /// <summary>The text with hidden tests replaced by one comment saying they run at grading (for feedback).</summary>
    public static string HideTests(string source)
    {
        var lines = Lines(source);
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != BeginHidden)
            {
                kept.Add(lines[i]);
                continue;
            }
            var end = Closing(lines, i, EndHidden);
            kept.Add($"{Indentation(lines[i])}// (tests cachés : {end - i - 1} lignes, exécutées à la correction)");
            i = end;
        }
        return string.Join('\n', kept);
    }

    private static string[] Lines(string source) => source.Split('\n');

    private static int Closing(string[] lines, int from, string marker)
    {
        for (var j = from + 1; j < lines.Length; j++)
        {
            if (lines[j].Trim() == marker)
                return j;
        }
        return lines.Length - 1;
    }

    private static string Indentation(string line) => line[..(line.Length - line.TrimStart().Length)];

    private static string Uncomment(string line)
    {
        var indent = Indentation(line);
        var rest = line.TrimStart();
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            return line;
        rest = rest[2..];
        return indent + (rest.StartsWith(' ') ? rest[1..] : rest);
    }
}
