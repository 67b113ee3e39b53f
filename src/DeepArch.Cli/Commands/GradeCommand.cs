using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepArch.IO;
using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Kernel;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Sandbox;

namespace DeepArch.Cli.Commands;

/// <summary>
/// <c>deeparch grade --source SOURCE SUBMISSION...</c>: grades submissions, each in its own kernel process, and writes a
/// feedback notebook per submission, <c>grades.json</c> and the <c>grades.csv</c> gradebook. Exit code 0 when every
/// submission was graded (whatever its score), 1 when the grader itself could not run one, 2 for bad usage.
/// </summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "The assignment's source notebook (with solutions and hidden tests).", Required = true };
        var submissions = new Argument<string[]>("SUBMISSION") { Description = "Submitted notebooks, or folders searched recursively.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Folder of the feedback notebooks, grades.json and grades.csv. Default: artifacts/grades/NAME." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per submission (one per line) instead of the summary." };
        var classroom = new Option<bool>("--classroom") { Description = "Print only the GitHub Classroom result (base64) of the one submission, for the autograding reporter." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a cell may run.", DefaultValueFactory = _ => 60 };
        var totalTimeout = new Option<double>("--total-timeout") { Description = "Seconds a submission may run in all.", DefaultValueFactory = _ => 600 };
        var parallel = new Option<int>("--parallel") { Description = "Submissions graded at once.", DefaultValueFactory = _ => 1 };
        var memory = new Option<int>("--memory-mb") { Description = "Resident memory a submission's kernel may use (MB).", DefaultValueFactory = _ => 4096 };
        var maxOutput = new Option<double>("--max-output-mb") { Description = "Output a cell may print (MB); a test past it scores 0.", DefaultValueFactory = _ => 1 };
        var unsafeNoSandbox = new Option<bool>("--unsafe-no-sandbox")
        {
            Description = "Run submissions without the bubblewrap sandbox, as the grader's user with its files, environment and network.",
        };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE for the source's parameters cell (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("grade",
            "Grade submissions of an assignment in isolated kernels: a feedback notebook each, grades.json, grades.csv; exit 0 when all were graded.")
        {
            source, submissions, output, json, classroom, timeout, totalTimeout, parallel, memory, maxOutput, parameters, unsafeNoSandbox,
        };
        command.SetAction(parse =>
        {
            var assignment = Assignment.Load(parse.GetValue(source)!);
            var degree = parse.GetValue(parallel);
            if (degree < 1)
                throw new ArgumentException($"--parallel must be at least 1; got {degree}.");
            KernelSandbox? sandbox = null;
            if (!parse.GetValue(unsafeNoSandbox))
            {
                if (KernelSandbox.Unavailable() is { } why)
                    throw new InvalidOperationException($"refusing to grade: the sandbox cannot start here ({why}); pass --unsafe-no-sandbox to grade without it");
                sandbox = KernelSandbox.Default;
            }
            var options = new RunnerOptions
            {
                Sandbox = sandbox,
                KernelCommand = KernelSpec.CurrentCommand(),
                Parameters = RunCommand.ParseParameters(parse.GetValue(parameters) ?? []),
                CellTimeout = RunCommand.Seconds(parse.GetValue(timeout), "--timeout"),
                NotebookTimeout = RunCommand.Seconds(parse.GetValue(totalTimeout), "--total-timeout"),
                MemoryLimitBytes = Positive(parse.GetValue(memory), "--memory-mb") * 1024L * 1024,
                MaxOutputBytesPerCell = (int)(Positive(parse.GetValue(maxOutput), "--max-output-mb") * 1024 * 1024),
            };
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("artifacts", "grades", assignment.Name));
            return Grade(assignment, options, parse.GetValue(submissions)!, folder, degree, parse.GetValue(json), parse.GetValue(classroom));
        });
        return command;
    }

    private static int Grade(Assignment assignment, RunnerOptions options, string[] paths, string folder, int parallel, bool json, bool classroom)
    {
        var (jobs, problems) = NotebookDiscovery.Find(paths);
        if (problems.Count > 0)
            throw new ArgumentException(problems[0]);
        var files = jobs.Select(j => Path.GetFullPath(j.Path)).Distinct().ToList();
        if (classroom && files.Count != 1)
            throw new ArgumentException($"--classroom grades exactly one submission; got {files.Count}");
        var names = SubmissionNames(files);

        Directory.CreateDirectory(folder);
        var grader = new Grader(assignment, options);
        var grades = new SubmissionGrade[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
        {
            var feedback = Path.Combine(folder, names[i] + ".feedback.ipynb");
            Directory.CreateDirectory(Path.GetDirectoryName(feedback)!);
            grades[i] = grader.Grade(files[i], names[i], feedback);
            if (!json && !classroom)
                Console.Error.WriteLine($"  {Assignment.Format(grades[i].Score),5} / {Assignment.Format(grades[i].MaxScore)}  {names[i]}{Issues(grades[i])}");
        });

        AtomicFile.WriteAllText(Path.Combine(folder, "grades.json"),
            new JsonArray(grades.Select(g => (JsonNode)g.ToJson()).ToArray()).ToJsonString(new JsonSerializerOptions(CliJson.Options) { WriteIndented = true }) + "\n");
        Gradebook.Write(Path.Combine(folder, "grades.csv"), assignment, grades);

        if (classroom)
            Console.WriteLine(ClassroomReport.Encode(grades[0]));
        else if (json)
            foreach (var grade in grades)
                Console.WriteLine(grade.ToJson().ToJsonString(CliJson.Options));
        else
            Console.WriteLine($"{grades.Length} submission(s) graded: {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(folder, "grades.csv"))}");
        foreach (var failed in grades.Where(g => g.GraderFailed))
            Console.Error.WriteLine($"deeparch: error: {failed.Submission}: {failed.Errors[0]}");
        return grades.Any(g => g.GraderFailed) ? 1 : 0;
    }

    /// <summary>Each submission's path relative to the folder they all share, without extension: unique, and readable in a gradebook.</summary>
    private static List<string> SubmissionNames(List<string> files)
    {
        var common = Path.GetDirectoryName(files[0])!;
        while (!files.All(f => f.StartsWith(Path.TrimEndingDirectorySeparator(common) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) &&
               Path.GetDirectoryName(common) is { } parent)
            common = parent;
        return files.Select(f => Path.ChangeExtension(Path.GetRelativePath(common, f), null).Replace('\\', '/')).ToList();
    }

    private static string Issues(SubmissionGrade grade)
    {
        var parts = new List<string>();
        if (grade.Tampered.Count > 0)
            parts.Add($"{grade.Tampered.Count} locked cell(s) changed");
        if (grade.Errors.Count > 0)
            parts.Add($"{grade.Errors.Count} problem(s)");
        return parts.Count == 0 ? "" : $"  ({string.Join(", ", parts)})";
    }

    private static T Positive<T>(T value, string option) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{option} must be positive; got {value}.");
}
