using DeepArch.Notebooks.Grading;

namespace DeepArch.Notebooks.Tests.Grading;

public sealed class DeclarationsTests
{
    [Fact]
    public void Top_level_members_types_variables_and_aliases_are_declarations()
    {
        var code = "using Alias = System.Math;\nstatic void Check(bool ok) { }\nclass Math { }\nrecord Point(int X);\nvar total = 1;\nint Count => 2;\n" +
                   "var (a, b) = (1, 2);\nvoid Local() { var inner = 3; }\nConsole.WriteLine(x => { var hidden = 1; return hidden; });";

        var declared = Declarations.DeclaredBy(code);

        Assert.Equal(["Alias", "Check", "Count", "Local", "Math", "Point", "a", "b", "total"], declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Used_names_leave_out_members_after_a_dot()
    {
        var used = Declarations.UsedBy("Check(Math.Abs(x.Length) == y?.Count, nameof(z));\nSystem.Console.WriteLine(List<int>.Empty);");

        Assert.Contains("Check", used);
        Assert.Contains("Math", used);
        Assert.Contains("x", used);
        Assert.Contains("y", used);
        Assert.Contains("List", used);
        Assert.Contains("System", used);
        Assert.DoesNotContain("Abs", used);
        Assert.DoesNotContain("Length", used);
        Assert.DoesNotContain("Count", used);
        Assert.DoesNotContain("WriteLine", used);
        Assert.DoesNotContain("Console", used);
    }
}
