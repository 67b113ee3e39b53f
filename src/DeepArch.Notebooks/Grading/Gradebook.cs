using System.Text;
using DeepArch.IO;

namespace DeepArch.Notebooks.Grading;

/// <summary>The CSV gradebook: one row per submission, its score and each test's points, and how many problems it had.</summary>
public static class Gradebook
{
    /// <summary>Writes the gradebook atomically; columns: submission, score, max_score, one per test id, tampered, errors.</summary>
    public static void Write(string path, Assignment assignment, IEnumerable<SubmissionGrade> grades)
    {
        var tests = assignment.Tests.Select(t => t.TestId!).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', new[] { "submission", "score", "max_score" }.Concat(tests).Concat(["tampered", "errors"]).Select(Field)));
        foreach (var grade in grades)
        {
            var points = grade.Tests.ToDictionary(t => t.Id, t => t.Points, StringComparer.Ordinal);
            var row = new[] { grade.Submission, Assignment.Format(grade.Score), Assignment.Format(grade.MaxScore) }
                .Concat(tests.Select(t => points.TryGetValue(t, out var p) ? Assignment.Format(p) : "0"))
                .Concat([grade.Tampered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), grade.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            csv.AppendLine(string.Join(',', row.Select(Field)));
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
