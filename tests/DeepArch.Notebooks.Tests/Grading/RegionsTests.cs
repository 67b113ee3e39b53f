using DeepArch.Notebooks.Grading;

namespace DeepArch.Notebooks.Tests.Grading;

public sealed class RegionsTests
{
    [Fact]
    public void A_solution_region_becomes_the_stub_at_its_indentation()
    {
        var source = "int F()\n{\n    // BEGIN SOLUTION\n    return 42;\n    // END SOLUTION\n}";

        Assert.Equal("int F()\n{\n    throw new NotImplementedException(); // À COMPLÉTER\n}", Regions.ForStudent(source));
    }

    [Fact]
    public void A_prompt_after_a_solution_replaces_it_uncommented()
    {
        var source = "// BEGIN SOLUTION\nvar answer = 42;\n// END SOLUTION\n// BEGIN PROMPT\n// var answer = 0; // À COMPLÉTER\n//\n// END PROMPT\nConsole.WriteLine(answer);";

        Assert.Equal("var answer = 0; // À COMPLÉTER\n\nConsole.WriteLine(answer);", Regions.ForStudent(source));
    }

    [Fact]
    public void Hidden_tests_are_removed_for_the_student_and_summarised_in_feedback()
    {
        var source = "Check(F() == 1, \"visible\");\n// BEGIN HIDDEN TESTS\nCheck(F() == 2, \"a\");\nCheck(F() == 3, \"b\");\n// END HIDDEN TESTS\n";

        Assert.Equal("Check(F() == 1, \"visible\");\n", Regions.ForStudent(source));
        Assert.Equal("Check(F() == 1, \"visible\");\n// (tests cachés : 2 lignes, exécutées à la correction)\n", Regions.HideTests(source));
    }

    [Fact]
    public void Text_without_markers_is_unchanged()
    {
        const string source = "var x = 1; // BEGIN SOLUTION is only a marker alone on its line\n";

        Assert.Equal(source, Regions.ForStudent(source));
        Assert.False(Regions.HasSolution(source));
        Assert.Null(Regions.Problem(source, hiddenAllowed: false));
    }

    [Theory]
    [InlineData("// BEGIN SOLUTION\nx", "line 1: '// BEGIN SOLUTION' is never closed")]
    [InlineData("x\n// END SOLUTION", "line 2: '// END SOLUTION' without a matching opening marker")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "line 2: '// BEGIN SOLUTION' inside the region opened by '// BEGIN SOLUTION' on line 1")]
    [InlineData("// BEGIN SOLUTION\n// END HIDDEN TESTS", "line 2: '// END HIDDEN TESTS' without a matching opening marker")]
    [InlineData("// BEGIN PROMPT\n// x\n// END PROMPT", "line 1: '// BEGIN PROMPT' must come right after '// END SOLUTION'")]
    [InlineData("// BEGIN SOLUTION\nx\n// END SOLUTION\n// BEGIN PROMPT\nx = 0;\n// END PROMPT", "line 5: a prompt line must be a comment ('// code'), the student gets it uncommented")]
    [InlineData("// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS", "line 1: hidden tests belong in test cells (metadata deeparch.test and points)")]
    public void Broken_markers_are_reported_with_their_line(string source, string problem) =>
        Assert.Equal(problem, Regions.Problem(source, hiddenAllowed: false));

    [Fact]
    public void Hidden_tests_are_allowed_in_test_cells() =>
        Assert.Null(Regions.Problem("// BEGIN HIDDEN TESTS\nCheck(true, \"\");\n// END HIDDEN TESTS", hiddenAllowed: true));
}
