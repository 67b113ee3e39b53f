using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// Finds tests whose names a student cell hides: a name the test uses, that neither the test itself nor the source's
/// answer and scratch cells declare (so the source defines it elsewhere: a helper, or a library type), and whose most
/// recent declaration before the test is in a cell the student wrote. Such a test would run the student's definition
/// instead of the one the author wrote, so it scores nothing.
/// </summary>
internal static class Redefinitions
{
    /// <returns>Each affected test cell, with the reason in French.</returns>
    public static Dictionary<NotebookCell, string> Find(Assignment assignment, GradingPlan plan)
    {
        var theirs = assignment.Cells
            .Where(c => c.Cell.IsCode && c.Role is CellRole.Answer or CellRole.Free)
            .SelectMany(c => Declarations.DeclaredBy(c.Cell.Source))
            .ToHashSet(StringComparer.Ordinal);
        var cells = plan.Notebook.Cells.Where(c => c.IsCode).ToList();
        var declared = cells.ToDictionary(c => c, c => Declarations.DeclaredBy(c.Source));
        var affected = new Dictionary<NotebookCell, string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var test = cells[i];
            if (!plan.Origins.TryGetValue(test, out var origin) || origin.Role != CellRole.Test)
                continue;
            var protectedNames = Declarations.UsedBy(test.Source).Where(n => !declared[test].Contains(n) && !theirs.Contains(n)).Order(StringComparer.Ordinal);
            foreach (var name in protectedNames)
            {
                var last = cells.Take(i).LastOrDefault(c => declared[c].Contains(name));
                if (last is not null && plan.StudentCells.Contains(last))
                {
                    affected[test] = $"la cellule « {plan.Origins[last].Id} » redéfinit `{name}`, que ce test utilise";
                    break;
                }
            }
        }
        return affected;
    }
}
