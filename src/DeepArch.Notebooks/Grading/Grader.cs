using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Parameters;
using DeepArch.Notebooks.Running;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// Grades submissions of one assignment. Each submission is rebuilt from the source (<see cref="GradingPlan"/>), run to
/// the end in its own kernel process started in an empty temporary folder (<see cref="GradingRun"/>, with the
/// runner's time, output and memory limits), and each test cell scores its points when the kernel's execute reply for
/// it says <c>ok</c> — never from what the student's code prints. A test is refused when its output passed the cap,
/// or when a student cell redeclared a name the test uses that the source defines outside the answers.
/// </summary>
public sealed class Grader(Assignment assignment, RunnerOptions options)
{
    /// <summary>Grades one submission and, when <paramref name="feedbackPath"/> is given, writes its feedback notebook there.</summary>
    /// <param name="submissionPath">The student's notebook.</param>
    /// <param name="name">How reports name the submission.</param>
    /// <param name="feedbackPath">Where the executed notebook with a French message per test goes (atomically).</param>
    /// <exception cref="ParameterException">The grader's parameters do not fit the source's parameters cell.</exception>
    public SubmissionGrade Grade(string submissionPath, string name, string? feedbackPath)
    {
        Notebook submission;
        try
        {
            submission = Notebook.Load(submissionPath);
        }
        catch (NotebookFormatException e)
        {
            var reason = $"copie illisible : {e.Message.ReplaceLineEndings(" ")}";
            return new SubmissionGrade(name, assignment.Tests.Select(t => Failed(t, "Non exécuté : la copie n'a pas pu être lue.")).ToList(), [], [reason], null);
        }

        var plan = GradingPlan.Build(assignment, submission);
        NotebookParameters.Inject(plan.Notebook, options.Parameters);
        var problems = new List<string>();
        var workingDirectory = Directory.CreateTempSubdirectory("deeparch-grade-");
        Dictionary<NotebookCell, CellRun> runs;
        try
        {
            runs = GradingRun.Execute(plan.Notebook, options, workingDirectory.FullName, problems);
        }
        catch (KernelStartException e)
        {
            var reason = $"le noyau n'a pas pu démarrer : {e.Message}";
            return new SubmissionGrade(name, assignment.Tests.Select(t => Failed(t, "Non exécuté : le noyau n'a pas pu démarrer.")).ToList(), plan.Tampered, [reason], null)
            {
                GraderFailed = true,
            };
        }
        finally
        {
            TryDelete(workingDirectory);
        }

        var redefined = Redefinitions.Find(assignment, plan);
        var tests = new List<TestResult>();
        foreach (var (cell, origin) in plan.Origins.Where(o => o.Value.Role == CellRole.Test))
            tests.Add(Score(origin, runs.GetValueOrDefault(cell), redefined.GetValueOrDefault(cell)));
        var errors = plan.Errors.Concat(problems).Concat(StudentCellProblems(plan, runs)).Concat(redefined.Values.Distinct()).ToList();

        var grade = new SubmissionGrade(name, tests, plan.Tampered, errors, feedbackPath);
        if (feedbackPath is not null)
            Feedback.Write(plan, grade, assignment, feedbackPath);
        return grade;
    }

    private TestResult Score(AssignmentCell test, CellRun? run, string? redefinition)
    {
        if (redefinition is not null)
            return Failed(test, $"Refusé : {redefinition}.");
        if (run is null)
            return Failed(test, "Non exécuté : la correction s'est arrêtée avant ce test (voir les erreurs).");
        if (run.OutputTruncated)
            return Failed(test, $"Refusé : la sortie du test dépasse la limite de {Megabytes(options.MaxOutputBytesPerCell)} Mo.");
        var outcome = run.Outcome;
        return outcome.Status switch
        {
            CellStatus.Succeeded => new TestResult(test.TestId!, test.Points, test.Points, true, "Réussi."),
            CellStatus.TimedOut when run.Outcome.Error?.Contains("grading time limit", StringComparison.Ordinal) == true =>
                Failed(test, $"Temps dépassé : la limite totale de la correction ({CellExecution.Seconds(options.NotebookTimeout)} s) a été atteinte pendant ce test."),
            CellStatus.TimedOut => Failed(test, $"Temps dépassé : le test a dépassé la limite de {CellExecution.Seconds(options.CellTimeout)} s par cellule et a été arrêté."),
            CellStatus.KernelDied => Failed(test, $"Le noyau s'est arrêté pendant ce test ({outcome.Error})."),
            _ when outcome.Error?.StartsWith("System.NotImplementedException", StringComparison.Ordinal) == true =>
                Failed(test, "Échec : réponse non complétée (NotImplementedException)."),
            _ => Failed(test, $"Échec : {outcome.Error}"),
        };
    }

    private static TestResult Failed(AssignmentCell test, string message) => new(test.TestId!, 0, test.Points, false, message);

    /// <summary>Answer and scratch cells that crashed the kernel, ran too long or flooded (their errors are the student's to read in the feedback).</summary>
    private IEnumerable<string> StudentCellProblems(GradingPlan plan, Dictionary<NotebookCell, CellRun> runs)
    {
        foreach (var cell in plan.StudentCells)
        {
            if (!runs.TryGetValue(cell, out var run))
                continue;
            var id = plan.Origins[cell].Id;
            if (run.Outcome.Status == CellStatus.TimedOut)
                yield return $"cellule « {id} » arrêtée : temps dépassé ({run.Outcome.Error})";
            else if (run.Outcome.Status == CellStatus.KernelDied)
                yield return $"cellule « {id} » : le noyau s'est arrêté ({run.Outcome.Error}) ; il a été relancé";
            if (run.OutputTruncated)
                yield return $"cellule « {id} » : sortie tronquée au-delà de {Megabytes(options.MaxOutputBytesPerCell)} Mo";
        }
    }

    private static string Megabytes(int bytes) => (bytes / (1024 * 1024.0)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a dying kernel; the temporary folder is the system's to clean.
        }
    }
}
