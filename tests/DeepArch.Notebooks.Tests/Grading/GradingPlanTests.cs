using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Grading;

public sealed class GradingPlanTests : IDisposable
{
    private readonly TinyAssignment _tiny = new();

    private GradingPlan Plan(string path) => GradingPlan.Build(_tiny.Assignment, Notebook.Load(path));

    private string Cell(GradingPlan plan, string id) => plan.Notebook.Cells.Single(c => c.Id == id).Source;

    [Fact]
    public void Answers_come_from_the_submission_and_tests_from_the_source_with_hidden_tests()
    {
        var plan = Plan(_tiny.Submission("ok", TinyAssignment.Right()));

        Assert.Equal(TinyAssignment.RightAdd, Cell(plan, "q1-reponse"));
        Assert.Contains("rng.Next", Cell(plan, "q1-test"));
        Assert.Empty(plan.Tampered);
        Assert.Empty(plan.Errors);
        Assert.Equal(["brouillon", "q1-reponse", "q2-reponse", "q3-reponse"], plan.StudentCells.Select(c => c.Id!).Order());
    }

    [Fact]
    public void Answers_are_matched_by_id_not_by_position()
    {
        var path = _tiny.Submission("moved", nb =>
        {
            var answer = nb.Cells.Single(c => c.Id == "q2-reponse");
            nb.Cells.Remove(answer);
            nb.Cells.Insert(0, answer);
        }, TinyAssignment.Right());

        var plan = Plan(path);

        Assert.Equal(TinyAssignment.RightSquare, Cell(plan, "q2-reponse"));
        Assert.Equal("q2-reponse", plan.Notebook.Cells[5].Id);
    }

    [Fact]
    public void An_edited_locked_cell_is_restored_and_reported()
    {
        var plan = Plan(_tiny.Submission("edited", nb => nb.Cells.Single(c => c.Id == "q1-test").Source = "Check(true, \"\");"));

        Assert.Contains("Check(Add(2, 3) == 5", Cell(plan, "q1-test"));
        Assert.Equal(["cellule verrouillée « q1-test » modifiée : rétablie depuis la source"], plan.Tampered);
    }

    [Fact]
    public void A_deleted_locked_cell_is_restored_and_reported()
    {
        var plan = Plan(_tiny.Submission("deleted", nb => nb.Cells.RemoveAll(c => c.Id == "outils")));

        Assert.Equal(TinyAssignment.CheckHelper, Cell(plan, "outils"));
        Assert.Single(plan.Tampered, t => t.Contains("« outils » supprimée", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_answer_is_missing_so_the_starting_version_is_graded_and_added_cells_are_left_out()
    {
        var plan = Plan(_tiny.Submission("renamed", nb => nb.Cells.Single(c => c.Id == "q2-reponse").Id = "ma-reponse", TinyAssignment.Right()));

        Assert.Contains("throw new NotImplementedException()", Cell(plan, "q2-reponse"));
        Assert.DoesNotContain(plan.Notebook.Cells, c => c.Id == "ma-reponse");
        Assert.Contains(plan.Errors, e => e.Contains("réponse « q2-reponse » introuvable", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.StartsWith("1 cellule(s) ajoutée(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_source_graded_as_a_submission_is_not_tampering()
    {
        var plan = Plan(_tiny.SourcePath);

        Assert.Empty(plan.Tampered);
        Assert.Empty(plan.Errors);
    }

    public void Dispose() => _tiny.Dispose();
}
