using System.Text.Json.Nodes;
using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Grading;

public sealed class AssignmentTests : IDisposable
{
    private readonly TinyAssignment _tiny = new();

    [Fact]
    public void Cells_get_their_role_from_metadata_and_regions()
    {
        var roles = _tiny.Assignment.Cells.ToDictionary(c => c.Id, c => c.Role);

        Assert.Equal(CellRole.Locked, roles["intro"]);
        Assert.Equal(CellRole.Locked, roles["outils"]);
        Assert.Equal(CellRole.Answer, roles["q1-reponse"]);
        Assert.Equal(CellRole.Test, roles["q1-test"]);
        Assert.Equal(CellRole.Free, roles["brouillon"]);
        Assert.Equal(["q1", "q2", "q3"], _tiny.Assignment.Tests.Select(t => t.TestId));
        Assert.Equal(6, _tiny.Assignment.MaxScore);
    }

    [Fact]
    public void The_student_version_has_no_solution_no_hidden_test_and_no_output()
    {
        var student = _tiny.Assignment.StudentNotebook(_tiny.Folder);
        var text = student.ToJson();

        Assert.DoesNotContain("return a + b", text);
        Assert.DoesNotContain("return x * x", text);
        Assert.DoesNotContain("var answer = 42", text);
        Assert.DoesNotContain("rng.Next", text);
        Assert.DoesNotContain("BEGIN", text);
        Assert.Contains("throw new NotImplementedException(); // À COMPLÉTER", student.Cells.Single(c => c.Id == "q1-reponse").Source);
        Assert.Equal("var answer = 0; // À COMPLÉTER", student.Cells.Single(c => c.Id == "q3-reponse").Source);
        Assert.All(student.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));
    }

    [Fact]
    public void Locked_cells_of_the_student_version_carry_their_checksum_and_are_read_only_in_Jupyter()
    {
        var student = _tiny.Assignment.StudentNotebook(_tiny.Folder);

        foreach (var cell in student.Cells.Where(c => c.Id is "intro" or "outils" or "q1-test"))
        {
            Assert.Equal(CellChecksum.Of(cell), (string?)cell.Metadata["deeparch"]!["checksum"]);
            Assert.False((bool?)cell.Metadata["editable"]);
            Assert.False((bool?)cell.Metadata["deletable"]);
        }
        Assert.Null(student.Cells.Single(c => c.Id == "q1-reponse").Metadata["editable"]);
    }

    [Fact]
    public void A_source_breaking_the_rules_is_refused_naming_every_cell_at_fault()
    {
        var notebook = TinyAssignment.Source;
        notebook.Cells.Single(c => c.Id == "q2-test").Metadata["deeparch"]!["points"] = 0;
        notebook.Cells.Single(c => c.Id == "q3-test").Metadata["deeparch"]!["test"] = "q1";
        notebook.Cells.Single(c => c.Id == "brouillon").Id = "outils";
        notebook.Cells.Single(c => c.Id == "q1-reponse").Source = "// BEGIN SOLUTION\nreturn 1;";

        var error = Assert.Throws<AssignmentException>(() => Assignment.From(notebook, "/x/source.ipynb", "x"));

        Assert.Contains("cell 4 ('q1-reponse'): line 1: '// BEGIN SOLUTION' is never closed", error.Message);
        Assert.Contains("cell 7 ('q2-test'): 'points' must be a positive number (got 0)", error.Message);
        Assert.Contains("cell 9 ('q3-test'): test id 'q1' is already used by cell 5", error.Message);
        Assert.Contains("cell 10 ('outils'): id 'outils' is already used by cell 3", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_source_without_tests_is_refused()
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new NotebookCell("code", "var x = 1;") { Id = "a" });

        var error = Assert.Throws<AssignmentException>(() => Assignment.From(notebook, "/x/source.ipynb", "x"));

        Assert.Contains("no test cell", error.Message);
    }

    [Fact]
    public void A_locked_cell_may_not_hold_a_solution()
    {
        var notebook = TinyAssignment.Source;
        notebook.Cells.Single(c => c.Id == "q1-reponse").Metadata["deeparch"] = new JsonObject { ["locked"] = true };

        var error = Assert.Throws<AssignmentException>(() => Assignment.From(notebook, "/x/source.ipynb", "x"));

        Assert.Contains("cell 4 ('q1-reponse'): a locked cell cannot hold a solution region", error.Message);
    }

    public void Dispose() => _tiny.Dispose();
}
