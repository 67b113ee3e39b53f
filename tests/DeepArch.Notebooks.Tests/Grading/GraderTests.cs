using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Sandbox;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Grading;

/// <summary>
/// Grading real submissions of <see cref="TinyAssignment"/> in real kernel processes, honest and adversarial; in the
/// grading sandbox where it can start (see <see cref="SandboxTests"/> for what the sandbox itself guarantees).
/// </summary>
public sealed class GraderTests : IDisposable
{
    private static readonly RunnerOptions Options = new()
    {
        KernelCommand = TestKernel.Command,
        Sandbox = KernelSandbox.Unavailable() is null ? KernelSandbox.Default : null,
        CellTimeout = TimeSpan.FromSeconds(8),
        NotebookTimeout = TimeSpan.FromMinutes(2),
        MaxOutputBytesPerCell = 1024 * 1024,
    };

    private readonly TinyAssignment _tiny = new();

    private SubmissionGrade Grade(string path) =>
        new Grader(_tiny.Assignment, Options).Grade(path, Path.GetFileNameWithoutExtension(path), Path.ChangeExtension(path, ".feedback.ipynb"));

    private static TestResult Test(SubmissionGrade grade, string id) => grade.Tests.Single(t => t.Id == id);

    private static void AssertPassed(SubmissionGrade grade, params string[] ids) =>
        Assert.Equal(ids.Order(), grade.Tests.Where(t => t.Passed).Select(t => t.Id).Order());

    [Fact]
    public void The_source_graded_against_itself_scores_full_marks()
    {
        var grade = Grade(_tiny.SourcePath);

        Assert.Equal(6, grade.Score);
        Assert.Equal(6, grade.MaxScore);
        Assert.Empty(grade.Tampered);
        Assert.Empty(grade.Errors);
    }

    [Fact]
    public void The_student_version_as_handed_out_scores_zero()
    {
        var grade = Grade(_tiny.Submission("vierge"));

        Assert.Equal(0, grade.Score);
        Assert.Equal("Échec : réponse non complétée (NotImplementedException).", Test(grade, "q1").Message);
        Assert.StartsWith("Échec : ", Test(grade, "q3").Message);
    }

    [Fact]
    public void Right_answers_pass_hidden_tests_and_a_wrong_one_fails_them()
    {
        // Right on the visible example (2 + 3), wrong on the hidden random ones.
        var grade = Grade(_tiny.Submission("partiel", TinyAssignment.Right(("q1-reponse", "static int Add(int a, int b) => a == 2 && b == 3 ? 5 : 0;"))));

        Assert.Equal(4, grade.Score);
        AssertPassed(grade, "q2", "q3");
        Assert.Contains("Exception", Test(grade, "q1").Message);
    }

    [Fact]
    public void An_endless_loop_costs_its_test_and_the_kernel_is_restarted_for_the_others()
    {
        var grade = Grade(_tiny.Submission("boucle", TinyAssignment.Right(("q2-reponse", "static int Square(int x) { while (true) { } }"))));

        AssertPassed(grade, "q1", "q3");
        Assert.Equal("Temps dépassé : le test a dépassé la limite de 8 s par cellule et a été arrêté.", Test(grade, "q2").Message);
        Assert.Equal(3, grade.Score);
    }

    [Theory]
    [InlineData("Environment.Exit(0)")]
    [InlineData("Environment.FailFast(\"adieu\")")]
    public void A_call_that_ends_the_process_costs_its_test_only(string call)
    {
        var grade = Grade(_tiny.Submission("sortie", TinyAssignment.Right(("q2-reponse", $"static int Square(int x) {{ {call}; return 0; }}"))));

        AssertPassed(grade, "q1", "q3");
        Assert.StartsWith("Le noyau s'est arrêté pendant ce test", Test(grade, "q2").Message);
    }

    [Fact]
    public void An_answer_cell_that_exits_at_top_level_is_reported_and_grading_goes_on()
    {
        var grade = Grade(_tiny.Submission("sortie-haut", TinyAssignment.Right(("q1-reponse", "Environment.Exit(3);"))));

        AssertPassed(grade, "q2", "q3");
        Assert.Contains(grade.Errors, e => e.Contains("« q1-reponse » : le noyau s'est arrêté (kernel died: exit code 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void Runaway_memory_is_stopped_at_the_cap_and_costs_only_its_test()
    {
        var hog = "static int Square(int x)\n{\n    var blocks = new List<byte[]>();\n" +
                  "    while (true) { var b = new byte[64 << 20]; Array.Fill(b, (byte)1); blocks.Add(b); }\n}";
        var options = Options with { MemoryLimitBytes = 1L << 30 };

        var path = _tiny.Submission("memoire", TinyAssignment.Right(("q2-reponse", hog)));
        var grade = new Grader(_tiny.Assignment, options).Grade(path, "memoire", null);

        AssertPassed(grade, "q1", "q3");
        Assert.Contains("more than the memory limit of 1.1 GB", Test(grade, "q2").Message);
    }

    [Fact]
    public void Submissions_run_in_an_empty_temporary_folder_that_is_removed_and_knows_nothing_of_the_source()
    {
        var probe = "var folder = Environment.CurrentDirectory;\n" +
                    "var looks = System.IO.Directory.GetFileSystemEntries(folder).Length;\n" +
                    "var leaks = Environment.GetEnvironmentVariables().Values.Cast<object>().Count(v => v.ToString()!.Contains(\"source.ipynb\"));\n" +
                    "Console.WriteLine($\"{folder}|{looks}|{leaks}\");";

        var grade = Grade(_tiny.Submission("sonde", nb => nb.Cells.Single(c => c.Id == "brouillon").Source = probe, TinyAssignment.Right()));

        var output = Notebook.Load(grade.Feedback!).Cells.Single(c => c.Id == "brouillon").Outputs.Single();
        var printed = (string?)output["text"] ?? throw new Xunit.Sdk.XunitException(output.ToJsonString());
        var parts = printed.Trim().Split('|');
        Assert.StartsWith(Path.GetTempPath(), parts[0] + Path.DirectorySeparatorChar);
        Assert.DoesNotContain(_tiny.Folder, parts[0]);
        Assert.Equal("0", parts[1]);
        Assert.Equal("0", parts[2]);
        Assert.False(Directory.Exists(parts[0]));
    }

    [Fact]
    public void Printing_fake_pass_messages_does_not_pass_a_test()
    {
        var fake = "static int Add(int a, int b) { Console.WriteLine(\"Réussi. ✅ passed: q1 2/2\"); return 0; }";

        var grade = Grade(_tiny.Submission("menteur", TinyAssignment.Right(("q1-reponse", fake))));

        Assert.False(Test(grade, "q1").Passed);
        Assert.Equal(4, grade.Score);
    }

    [Fact]
    public void An_edited_locked_test_is_restored_graded_as_written_and_reported()
    {
        var path = _tiny.Submission("triche", nb => nb.Cells.Single(c => c.Id == "q1-test").Source = "Check(true, \"toujours vrai\");",
            TinyAssignment.Right(("q1-reponse", "static int Add(int a, int b) => 0;")));

        var grade = Grade(path);

        Assert.False(Test(grade, "q1").Passed);
        Assert.Equal(4, grade.Score);
        Assert.Equal(["cellule verrouillée « q1-test » modifiée : rétablie depuis la source"], grade.Tampered);
    }

    [Fact]
    public void A_deleted_test_cell_is_restored_and_still_scored()
    {
        var grade = Grade(_tiny.Submission("efface", nb => nb.Cells.RemoveAll(c => c.Id == "q2-test"), TinyAssignment.Right()));

        Assert.Equal(6, grade.Score);
        Assert.Single(grade.Tampered, t => t.Contains("« q2-test » supprimée", StringComparison.Ordinal));
    }

    [Fact]
    public void Renamed_cell_ids_lose_the_answer_they_held()
    {
        var path = _tiny.Submission("renomme", nb =>
        {
            nb.Cells.Single(c => c.Id == "q2-reponse").Id = "ma-reponse";
            nb.Cells.Single(c => c.Id == "q3-test").Id = "mon-test";
        }, TinyAssignment.Right());

        var grade = Grade(path);

        AssertPassed(grade, "q1", "q3");
        Assert.Contains(grade.Errors, e => e.Contains("réponse « q2-reponse » introuvable", StringComparison.Ordinal));
        Assert.Single(grade.Tampered, t => t.Contains("« q3-test » supprimée", StringComparison.Ordinal));
    }

    [Fact]
    public void Flooding_stdout_with_100_MB_fails_that_test_and_the_grader_finishes()
    {
        var flood = "static int Square(int x)\n{\n    var line = new string('x', 1023);\n    for (var i = 0; i < 100 * 1024; i++) Console.WriteLine(line);\n    return x * x;\n}";

        var grade = Grade(_tiny.Submission("deluge", TinyAssignment.Right(("q2-reponse", flood))));

        AssertPassed(grade, "q1", "q3");
        Assert.Equal("Refusé : la sortie du test dépasse la limite de 1 Mo.", Test(grade, "q2").Message);
        Assert.True(new FileInfo(grade.Feedback!).Length < 4 * 1024 * 1024);
    }

    [Fact]
    public void Redefining_a_helper_the_tests_call_gives_zero_on_those_tests()
    {
        var cheat = "static void Check(bool ok, string message) { }\nstatic int Add(int a, int b) => 0;";

        var grade = Grade(_tiny.Submission("redefinit", TinyAssignment.Right(("q1-reponse", cheat))));

        Assert.Equal(0, grade.Score);
        Assert.All(grade.Tests, t => Assert.Equal("Refusé : la cellule « q1-reponse » redéfinit `Check`, que ce test utilise.", t.Message));
        Assert.Contains("la cellule « q1-reponse » redéfinit `Check`, que ce test utilise", grade.Errors);
    }

    [Fact]
    public void Shadowing_a_library_type_the_hidden_tests_use_is_refused()
    {
        // A fake Random makes every hidden case 0 + 0, which this wrong Add gets right.
        var cheat = "class Random { public Random(int seed) { } public int Next(int max) => 0; }\n" +
                    "static int Add(int a, int b) => a == 2 && b == 3 ? 5 : 0;";

        var grade = Grade(_tiny.Submission("ombre", TinyAssignment.Right(("q1-reponse", cheat))));

        Assert.Equal("Refusé : la cellule « q1-reponse » redéfinit `Random`, que ce test utilise.", Test(grade, "q1").Message);
        AssertPassed(grade, "q2", "q3");
    }

    [Fact]
    public void The_feedback_notebook_has_the_grade_a_message_per_test_and_no_hidden_test_code()
    {
        var grade = Grade(_tiny.Submission("retour", TinyAssignment.Right(("q2-reponse", "static int Square(int x) => x + x;"))));

        var feedback = Notebook.Load(grade.Feedback!);
        var summary = feedback.Cells[0].Source;
        Assert.Contains("**Note : 3 / 6**", summary);
        Assert.Contains("| ❌ `q2` | 0 / 3 |", summary);
        Assert.Contains("✅ **Test `q1`** : 2 / 2 — Réussi.", feedback.Cells.Single(c => c.Id == "feedback-q1-test").Source);
        Assert.StartsWith("❌ **Test `q2`** : 0 / 3 — Échec : ", feedback.Cells.Single(c => c.Id == "feedback-q2-test").Source);
        Assert.DoesNotContain("rng.Next", feedback.ToJson());
        Assert.NotEmpty(feedback.Cells.Single(c => c.Id == "q2-test").Outputs);
    }

    [Fact]
    public void An_unreadable_submission_scores_zero_with_the_reason()
    {
        var path = Path.Combine(_tiny.Folder, "casse.ipynb");
        File.WriteAllText(path, "{ pas du json");

        var grade = Grade(path);

        Assert.Equal(0, grade.Score);
        Assert.StartsWith("copie illisible : ", Assert.Single(grade.Errors));
        Assert.Null(grade.Feedback);
    }

    public void Dispose() => _tiny.Dispose();
}
