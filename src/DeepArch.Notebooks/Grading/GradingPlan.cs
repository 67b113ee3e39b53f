using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The notebook the grader runs for one submission, rebuilt from the source: locked and test cells from the source
/// (hidden tests included; a changed or missing one is reported as tampering), answer and scratch cells from the
/// submission matched by cell id (an answer not found keeps the student's starting version), cells the student added
/// left out. Relative <c>#r</c> paths are made absolute, since the kernel runs in a temporary folder.
/// </summary>
internal sealed class GradingPlan
{
    private GradingPlan(Notebook notebook, Dictionary<NotebookCell, AssignmentCell> origins, HashSet<NotebookCell> studentCells)
    {
        Notebook = notebook;
        Origins = origins;
        StudentCells = studentCells;
    }

    public Notebook Notebook { get; }

    /// <summary>The source cell each graded cell stands for.</summary>
    public Dictionary<NotebookCell, AssignmentCell> Origins { get; }

    /// <summary>Cells whose text comes from the submission.</summary>
    public HashSet<NotebookCell> StudentCells { get; }

    public List<string> Tampered { get; } = [];

    public List<string> Errors { get; } = [];

    public static GradingPlan Build(Assignment assignment, Notebook submission)
    {
        var byId = new Dictionary<string, NotebookCell>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in submission.Cells.Where(c => c.Id is not null))
        {
            if (!byId.TryAdd(cell.Id!, cell))
                duplicates.Add(cell.Id!);
        }
        var notebook = Notebook.Parse(assignment.Source.ToJson(), assignment.SourcePath);
        var plan = new GradingPlan(notebook, [], []);
        var sourceDirectory = Path.GetDirectoryName(assignment.SourcePath)!;
        foreach (var id in duplicates)
            plan.Errors.Add($"plusieurs cellules portent l'identifiant « {id} » : seule la première est prise");

        for (var i = 0; i < assignment.Cells.Count; i++)
        {
            var origin = assignment.Cells[i];
            var cell = notebook.Cells[i];
            plan.Origins[cell] = origin;
            byId.TryGetValue(origin.Id, out var submitted);
            switch (origin.Role)
            {
                case CellRole.Locked or CellRole.Test:
                    if (submitted is null)
                        plan.Tampered.Add($"cellule verrouillée « {origin.Id} » supprimée (ou son identifiant changé) : rétablie depuis la source");
                    else if (submitted.CellType != origin.Cell.CellType || CellChecksum.Of(submitted) is var sum && sum != origin.StudentChecksum && sum != CellChecksum.Of(origin.Cell))
                        plan.Tampered.Add($"cellule verrouillée « {origin.Id} » modifiée : rétablie depuis la source");
                    cell.Source = References.Rebase(origin.Cell.Source, sourceDirectory, null);
                    break;
                case CellRole.Answer:
                    if (submitted is { IsCode: true })
                    {
                        cell.Source = submitted.Source;
                    }
                    else
                    {
                        cell.Source = origin.StudentSource;
                        plan.Errors.Add($"réponse « {origin.Id} » introuvable dans la copie (cellule supprimée ou identifiant changé) : la version de départ est notée");
                    }
                    plan.StudentCells.Add(cell);
                    break;
                default:
                    if (submitted is not null && submitted.CellType == origin.Cell.CellType)
                    {
                        cell.Source = submitted.Source;
                        if (cell.IsCode)
                            plan.StudentCells.Add(cell);
                    }
                    break;
            }
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        var known = assignment.Cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var added = submission.Cells.Count(c => c.Id is null || !known.Contains(c.Id));
        if (added > 0)
            plan.Errors.Add($"{added} cellule(s) ajoutée(s) par l'étudiant ignorée(s) : seules les cellules de réponse et de brouillon prévues sont exécutées");
        notebook.Metadata[Assignment.MetadataKey] = new JsonObject { ["assignment"] = assignment.Name, ["graded"] = true };
        return plan;
    }
}
