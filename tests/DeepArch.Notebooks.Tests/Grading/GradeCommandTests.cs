using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Grading;

/// <summary><c>deeparch assign</c> and <c>deeparch grade</c> as an instructor and a GitHub Classroom workflow run them.</summary>
public sealed class GradeCommandTests : IDisposable
{
    private readonly TinyAssignment _tiny = new();

    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static Result Deeparch(params string[] args) => DeeparchWithPath(null, args);

    private static Result DeeparchWithPath(string? path, params string[] args)
    {
        var start = new ProcessStartInfo(TestKernel.Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (path is not null)
            start.Environment["PATH"] = path;
        foreach (var arg in TestKernel.Command.Skip(1).Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deeparch {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private string Out => Path.Combine(_tiny.Folder, "grades");

    [Fact]
    public void Assign_writes_the_student_version_next_to_nothing_it_should_not()
    {
        var folder = Path.Combine(_tiny.Folder, "eleves");

        var result = Deeparch("assign", _tiny.SourcePath, "--out", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3 answer cells, 3 tests (1 with hidden tests removed), 6 points", result.Stdout);
        var student = File.ReadAllText(Path.Combine(folder, Path.GetFileName(_tiny.Folder) + ".ipynb"));
        Assert.DoesNotContain("return a + b", student);
        Assert.DoesNotContain("rng.Next", student);
    }

    [Fact]
    public void Assign_refuses_a_broken_source_in_one_line_naming_the_cell()
    {
        var broken = _tiny.SourcePath.Replace("source.ipynb", "broken.ipynb", StringComparison.Ordinal);
        File.WriteAllText(broken, File.ReadAllText(_tiny.SourcePath).Replace("// END SOLUTION", "", StringComparison.Ordinal));

        var result = Deeparch("assign", broken, "--out", Path.Combine(_tiny.Folder, "x"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("cell 4 ('q1-reponse'): line 3: '// BEGIN SOLUTION' is never closed", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_tiny.Folder, "x")));
    }

    [Fact]
    public void Twenty_submissions_graded_two_at_a_time_give_a_gradebook_of_twenty_rows()
    {
        var paths = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? _tiny.Submission($"etudiant-{i:00}/devoir", TinyAssignment.Right())
            : _tiny.Submission($"etudiant-{i:00}/devoir")).ToArray();

        var result = Deeparch(["grade", "--source", _tiny.SourcePath, "--out", Out, "--parallel", "2", "--json", .. paths]);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        var lines = result.Stdout.Trim().Split('\n');
        Assert.Equal(20, lines.Length);
        var grades = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"etudiant-{i:00}/devoir"), grades.Select(g => (string)g["submission"]!));
        Assert.All(grades, g => Assert.Equal((string)g["submission"]! is var s && int.Parse(s[9..11]) % 2 == 0 ? 6 : 0, (double)g["score"]!));
        var csv = File.ReadAllLines(Path.Combine(Out, "grades.csv"));
        Assert.Equal("submission,score,max_score,q1,q2,q3,tampered,errors", csv[0]);
        Assert.Equal(21, csv.Length);
        Assert.Equal("etudiant-00/devoir,6,6,2,3,1,0,0", csv[1]);
        Assert.Equal("etudiant-01/devoir,0,6,0,0,0,0,0", csv[2]);
        Assert.True(File.Exists(Path.Combine(Out, "etudiant-07", "devoir.feedback.ipynb")));
        Assert.Equal(20, JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "grades.json")))!.AsArray().Count);
    }

    [Fact]
    public void The_classroom_result_is_what_the_autograding_reporter_reads()
    {
        var path = _tiny.Submission("classroom", TinyAssignment.Right(("q2-reponse", "static int Square(int x) => 0;")));

        var result = Deeparch("grade", "--source", _tiny.SourcePath, "--out", Out, "--classroom", path);

        Assert.Equal(0, result.ExitCode);
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(result.Stdout.Trim())))!;
        Assert.Equal(1, (int)payload["version"]!);
        Assert.Equal("fail", (string)payload["status"]!);
        Assert.Equal(6, (double)payload["max_score"]!);
        var tests = payload["tests"]!.AsArray();
        Assert.Equal(["q1", "q2", "q3"], tests.Select(t => (string)t!["name"]!));
        Assert.Equal([2.0, 0.0, 1.0], tests.Select(t => (double)t!["score"]!));
        Assert.Equal(["pass", "fail", "pass"], tests.Select(t => (string)t!["status"]!));
    }

    [Fact]
    public void A_missing_submission_is_a_one_line_error()
    {
        var result = Deeparch("grade", "--source", _tiny.SourcePath, "--out", Out, Path.Combine(_tiny.Folder, "absent.ipynb"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("absent.ipynb", result.Stderr);
    }

    [Fact]
    public void Without_a_sandbox_grading_is_refused_in_one_line_unless_asked_to_go_on_unsafely()
    {
        // No bwrap on an empty PATH: the sandbox cannot start, as on a machine without bubblewrap.
        var path = _tiny.Submission("seule", TinyAssignment.Right());

        var refused = DeeparchWithPath(Path.Combine(_tiny.Folder, "vide"), "grade", "--source", _tiny.SourcePath, "--out", Out, path);
        var nothingWritten = !Directory.Exists(Out);
        var unsafeRun = DeeparchWithPath(Path.Combine(_tiny.Folder, "vide"), "grade", "--source", _tiny.SourcePath, "--out", Out, "--unsafe-no-sandbox", "--json", path);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("deeparch: error: refusing to grade: the sandbox cannot start here (bubblewrap (bwrap) is not installed: apt-get install bubblewrap); " +
                     "pass --unsafe-no-sandbox to grade without it", refused.Stderr.Trim());
        Assert.True(nothingWritten);
        Assert.Equal(0, unsafeRun.ExitCode);
        Assert.Equal(6, (double)JsonNode.Parse(unsafeRun.Stdout)!["score"]!);
    }

    public void Dispose() => _tiny.Dispose();
}
