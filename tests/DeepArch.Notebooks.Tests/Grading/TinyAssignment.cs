using System.Text.Json.Nodes;
using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Tests.Grading;

/// <summary>
/// A small assignment in plain C# (no TorchSharp, so a grading run takes about a second) with the parts real ones
/// have: locked instructions, parameters and helper cells, answer cells with a solution region and with a prompt,
/// visible and hidden tests, a scratch cell. Three tests: q1 (2 points), q2 (3), q3 (1).
/// </summary>
internal sealed class TinyAssignment : IDisposable
{
    public const string CheckHelper = "static void Check(bool ok, string message) { if (!ok) throw new Exception(message); }";

    public TinyAssignment()
    {
        Folder = Directory.CreateTempSubdirectory("deeparch-tiny-assignment-").FullName;
        SourcePath = Path.Combine(Folder, "source.ipynb");
        Source.Save(SourcePath);
        Assignment = Assignment.Load(SourcePath);
    }

    public string Folder { get; }

    public string SourcePath { get; }

    public Assignment Assignment { get; }

    public static Notebook Source
    {
        get
        {
            var notebook = new Notebook();
            notebook.Metadata["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" };
            Add(notebook, "markdown", "intro", "# Devoir d'essai\n\nComplétez les fonctions.", Locked());
            Add(notebook, "code", "parametres", "var profile = \"cpu\";", Locked()).AddTag("parameters");
            Add(notebook, "code", "outils", CheckHelper, Locked());
            Add(notebook, "code", "q1-reponse", "static int Add(int a, int b)\n{\n    // BEGIN SOLUTION\n    return a + b;\n    // END SOLUTION\n}");
            Add(notebook, "code", "q1-test",
                "Check(Add(2, 3) == 5, \"2 + 3 doit donner 5\");\n// BEGIN HIDDEN TESTS\nvar rng = new Random(1);\n" +
                "for (var i = 0; i < 100; i++) { var a = rng.Next(1000); var b = rng.Next(1000); Check(Add(a, b) == a + b, $\"{a} + {b}\"); }\n" +
                "// END HIDDEN TESTS", Test("q1", 2));
            Add(notebook, "code", "q2-reponse", "static int Square(int x)\n{\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}");
            Add(notebook, "code", "q2-test", "Check(Square(7) == 49, \"7² = 49\");", Test("q2", 3));
            Add(notebook, "code", "q3-reponse", "// BEGIN SOLUTION\nvar answer = 42;\n// END SOLUTION\n// BEGIN PROMPT\n// var answer = 0; // À COMPLÉTER\n// END PROMPT");
            Add(notebook, "code", "q3-test", "Check(answer == 42, \"la réponse est 42\");", Test("q3", 1));
            Add(notebook, "code", "brouillon", "// Brouillon : essayez vos fonctions ici.");
            return notebook;
        }
    }

    /// <summary>The student's version, with <paramref name="answers"/> (cell id → code) filled in, written to a file.</summary>
    public string Submission(string name, params (string Id, string Code)[] answers) => Submission(name, _ => { }, answers);

    /// <summary>As above, with <paramref name="edit"/> applied to the notebook last (tampering).</summary>
    public string Submission(string name, Action<Notebook> edit, params (string Id, string Code)[] answers)
    {
        var notebook = Assignment.StudentNotebook(Folder);
        foreach (var (id, code) in answers)
            notebook.Cells.Single(c => c.Id == id).Source = code;
        edit(notebook);
        var path = Path.Combine(Folder, "submissions", name + ".ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        notebook.Save(path);
        return path;
    }

    public const string RightAdd = "static int Add(int a, int b)\n{\n    return a + b;\n}";
    public const string RightSquare = "static int Square(int x)\n{\n    return x * x;\n}";
    public const string RightAnswer = "var answer = 42;";

    /// <summary>Every answer right except those replaced.</summary>
    public static (string, string)[] Right(params (string Id, string Code)[] replaced)
    {
        var answers = new Dictionary<string, string> { ["q1-reponse"] = RightAdd, ["q2-reponse"] = RightSquare, ["q3-reponse"] = RightAnswer };
        foreach (var (id, code) in replaced)
            answers[id] = code;
        return answers.Select(a => (a.Key, a.Value)).ToArray();
    }

    private static NotebookCell Add(Notebook notebook, string type, string id, string source, JsonObject? deeparch = null)
    {
        var cell = new NotebookCell(type, source) { Id = id };
        if (deeparch is not null)
            cell.Metadata[Assignment.MetadataKey] = deeparch;
        notebook.Cells.Add(cell);
        return cell;
    }

    private static JsonObject Locked() => new() { ["locked"] = true };

    private static JsonObject Test(string id, double points) => new() { ["test"] = id, ["points"] = points };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
