using System.Text;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The feedback notebook: the executed grading notebook with, at the top, the grade and a table of the tests, and
/// after each test cell its result in French. Hidden tests stay hidden (their lines become one comment); their
/// outputs and errors stay, since they say what failed.
/// </summary>
internal static class Feedback
{
    public static void Write(GradingPlan plan, SubmissionGrade grade, Assignment assignment, string path)
    {
        var notebook = plan.Notebook;
        var results = grade.Tests.ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var (cell, origin) in plan.Origins)
        {
            if (origin.IsLocked)
                cell.Source = origin.Role == CellRole.Test ? Regions.HideTests(origin.Cell.Source) : origin.Cell.Source;
            if (origin.Role != CellRole.Test)
                continue;
            var result = results[origin.TestId!];
            var note = new NotebookCell("markdown", $"{Mark(result)} **Test `{origin.TestId}`** : {Assignment.Format(result.Points)} / {Assignment.Format(result.MaxPoints)} — {result.Message}")
            {
                Id = $"feedback-{origin.Id}",
            };
            notebook.Cells.Insert(notebook.Cells.IndexOf(cell) + 1, note);
        }
        notebook.Cells.Insert(0, new NotebookCell("markdown", Summary(grade, assignment)) { Id = "feedback-summary" });
        notebook.Save(path);
    }

    private static string Mark(TestResult result) => result.Passed ? "✅" : "❌";

    private static string Summary(SubmissionGrade grade, Assignment assignment)
    {
        var text = new StringBuilder()
            .AppendLine($"# Correction — {assignment.Name}")
            .AppendLine()
            .AppendLine($"**Note : {Assignment.Format(grade.Score)} / {Assignment.Format(grade.MaxScore)}** ({grade.Submission})")
            .AppendLine()
            .AppendLine("| Test | Points | Résultat |")
            .AppendLine("|---|---:|---|");
        foreach (var test in grade.Tests)
            text.AppendLine($"| {Mark(test)} `{test.Id}` | {Assignment.Format(test.Points)} / {Assignment.Format(test.MaxPoints)} | {Cell(test.Message)} |");
        List(text, "Cellules verrouillées modifiées", grade.Tampered);
        List(text, "Remarques", grade.Errors);
        return text.ToString().TrimEnd();
    }

    private static void List(StringBuilder text, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            return;
        text.AppendLine().AppendLine($"**{title} :**").AppendLine();
        foreach (var item in items)
            text.AppendLine($"- {item.ReplaceLineEndings(" ")}");
    }

    private static string Cell(string message) => message.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
