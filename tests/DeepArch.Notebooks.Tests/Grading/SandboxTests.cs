using System.Net;
using System.Net.Sockets;
using DeepArch.Notebooks.Grading;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Sandbox;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Grading;

/// <summary>
/// Submissions of <see cref="TinyAssignment"/> that try what a curious student would, graded in the real sandbox: each
/// gets its score and a report, the grader finishes, nothing outside the working folder changes, and a secret planted
/// in the grader's environment appears in no output.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private const string SecretName = "DEEPARCH_TEST_PLANTED_SECRET";
    private static readonly string Secret = "s3cret-" + Guid.NewGuid().ToString("N");

    private static readonly RunnerOptions Options = new()
    {
        KernelCommand = TestKernel.Command,
        CellTimeout = TimeSpan.FromSeconds(20),
        NotebookTimeout = TimeSpan.FromMinutes(2),
        MaxOutputBytesPerCell = 1024 * 1024,
        Sandbox = new KernelSandbox { DiskBytes = 16L * 1024 * 1024, MaxProcesses = 256 },
    };

    private readonly TinyAssignment _tiny = new();

    static SandboxTests() => Environment.SetEnvironmentVariable(SecretName, Secret);

    /// <summary>Grades right answers with <paramref name="probe"/> in the scratch cell; returns the grade and what the probe printed.</summary>
    private (SubmissionGrade Grade, string Printed) GradeProbe(string name, string probe, params (string Id, string Code)[] answers)
    {
        var path = _tiny.Submission(name, nb => nb.Cells.Single(c => c.Id == "brouillon").Source = Usings + probe, TinyAssignment.Right(answers));
        var grade = new Grader(_tiny.Assignment, Options).Grade(path, name, Path.ChangeExtension(path, ".feedback.ipynb"));
        var feedback = File.ReadAllText(grade.Feedback!);
        Assert.DoesNotContain(Secret, feedback);
        Assert.DoesNotContain(Secret, string.Join("\n", grade.Errors));
        var cell = Notebook.Load(grade.Feedback!).Cells.Single(c => c.Id == "brouillon");
        var printed = string.Concat(cell.Outputs.Select(o => (string?)o["text"] ?? (string?)o["evalue"] ?? ""));
        return (grade, printed);
    }

    private const string Usings = "using System.IO;\nusing System.Threading;\n";

    private static string Literal(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";

    [SandboxFact]
    public void The_source_notebook_cannot_be_found_through_proc_or_by_its_path()
    {
        var probe = "var found = new List<string>();\n" +
                    "foreach (var dir in Directory.GetDirectories(\"/proc\").Where(d => char.IsDigit(Path.GetFileName(d)[0])))\n" +
                    "{\n    try { found.Add(File.ReadAllText(dir + \"/cmdline\") + \" @ \" + new DirectoryInfo(dir + \"/cwd\").LinkTarget); } catch (Exception) { }\n}\n" +
                    $"var guess = {Literal(_tiny.SourcePath)};\n" +
                    "string read;\ntry { read = File.ReadAllText(guess); } catch (Exception e) { read = e.GetType().Name; }\n" +
                    "Console.WriteLine($\"procs={found.Count}|source={read}|leak={found.Count(f => f.Contains(\"source.ipynb\") || f.Contains(\"deeparch-tiny\"))}\");";

        var (grade, printed) = GradeProbe("proc", probe);

        Assert.Equal(6, grade.Score);
        Assert.Contains("|source=DirectoryNotFoundException|leak=0", printed);
        Assert.DoesNotContain("rng.Next", File.ReadAllText(grade.Feedback!));
        // Its own processes only: bwrap's init, prlimit's successor (the kernel) and perhaps setpriv's.
        Assert.InRange(int.Parse(printed.Split('|')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture), 1, 3);
    }

    [SandboxFact]
    public void The_checkout_and_the_home_folder_are_not_there()
    {
        var checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.True(File.Exists(Path.Combine(checkout, "README.md")), "the test expects to run from a checkout");
        var probe = $"var checkout = {Literal(checkout)};\nvar home = {Literal(home)};\n" +
                    "Console.WriteLine($\"readme={File.Exists(checkout + \"/README.md\")}|src={Directory.Exists(checkout + \"/src\")}|" +
                    "git={Directory.Exists(checkout + \"/.git\")}|home={Directory.Exists(home) && Directory.EnumerateFileSystemEntries(home).Any()}|" +
                    "folder={Directory.Exists(" + Literal(_tiny.Folder) + ")}\");";

        var (grade, printed) = GradeProbe("checkout", probe);

        Assert.Equal(6, grade.Score);
        Assert.Contains("readme=False|src=False|git=False|home=False|folder=False", printed);
    }

    [SandboxFact]
    public void The_graders_environment_is_not_inherited()
    {
        var probe = "var vars = Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal);\n" +
                    "Console.WriteLine(string.Join(',', vars));";

        var (grade, printed) = GradeProbe("environnement", probe);

        Assert.Equal(6, grade.Score);
        Assert.Equal("DEEPARCH_KERNEL_PLOTLYJS,DOTNET_CLI_TELEMETRY_OPTOUT,DOTNET_EnableDiagnostics,DOTNET_NOLOGO,DOTNET_ROOT,HOME,LANG,PATH,PWD,TMPDIR", printed.Trim());
    }

    [SandboxFact]
    public void A_connection_to_a_port_the_grader_opened_on_loopback_fails()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var probe = "string result;\ntry\n{\n    using var client = new System.Net.Sockets.TcpClient();\n" +
                        $"    client.Connect(\"127.0.0.1\", {port});\n    result = \"connected\";\n}}\n" +
                        "catch (System.Net.Sockets.SocketException e) { result = e.SocketErrorCode.ToString(); }\n" +
                        "Console.WriteLine($\"tcp={result}\");";

            var (grade, printed) = GradeProbe("reseau", probe);

            Assert.Equal(6, grade.Score);
            Assert.Contains("tcp=ConnectionRefused", printed);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [SandboxFact]
    public void Writing_outside_the_working_folder_fails_and_changes_nothing()
    {
        var targets = new[] { Path.Combine(_tiny.Folder, "pirate.txt"), Path.Combine(AppContext.BaseDirectory, "pirate.txt"), "/usr/pirate.txt" };
        var probe = $"var targets = new[] {{ {string.Join(", ", targets.Select(Literal))} }};\n" +
                    "var refused = 0;\nforeach (var t in targets) { try { File.WriteAllText(t, \"x\"); } catch (Exception) { refused++; } }\n" +
                    "File.WriteAllText(\"ici.txt\", \"permis\");\n" +
                    "Console.WriteLine($\"refused={refused}|here={File.ReadAllText(\"ici.txt\")}\");";

        var (grade, printed) = GradeProbe("ecriture", probe);

        Assert.Equal(6, grade.Score);
        Assert.Contains("refused=3|here=permis", printed);
        Assert.All(targets, t => Assert.False(File.Exists(t), t));
    }

    [SandboxFact]
    public void Ten_thousand_threads_stop_at_the_process_cap_and_cost_only_their_test()
    {
        var bomb = Usings + "static int Square(int x)\n{\n" +
                   "    for (var i = 0; i < 10_000; i++) new Thread(() => Thread.Sleep(Timeout.Infinite)) { IsBackground = true }.Start();\n" +
                   "    return x * x;\n}";

        var path = _tiny.Submission("fils", TinyAssignment.Right(("q2-reponse", bomb)));
        var grade = new Grader(_tiny.Assignment, Options).Grade(path, "fils", Path.ChangeExtension(path, ".feedback.ipynb"));

        AssertPassed(grade, "q1", "q3");
        var message = Test(grade, "q2").Message;
        // Stopped by the runner's watch, or dead of a thread the runtime could not start before the watch looked.
        Assert.True(message.StartsWith("Le noyau s'est arrêté pendant ce test (kernel died: it ", StringComparison.Ordinal), message);
        Assert.Contains("the sandbox's limit being 256", message);
    }

    [SandboxFact]
    public void Ten_thousand_processes_stop_at_the_process_cap_and_grading_goes_on()
    {
        var probe = "var started = new List<System.Diagnostics.Process>();\n" +
                    "for (var i = 0; i < 10_000; i++) started.Add(System.Diagnostics.Process.Start(\"/usr/bin/sleep\", \"600\")!);";

        var (grade, printed) = GradeProbe("processus", probe);

        Assert.Equal(6, grade.Score);
        Assert.Contains("the sandbox's limit being 256", printed);
        Assert.Contains(grade.Errors, e => e.StartsWith("cellule « brouillon » : le noyau s'est arrêté (kernel died: it ran ", StringComparison.Ordinal));
    }

    [SandboxFact]
    public void Filling_the_working_folder_stops_at_its_size_cap()
    {
        var probe = "var written = 0L;\nvar why = \"\";\nvar block = new byte[1 << 20];\n" +
                    "try { using var f = File.Create(\"plein.bin\"); while (written < (1L << 30)) { f.Write(block); f.Flush(); written += block.Length; } }\n" +
                    "catch (IOException e) { why = e.GetType().Name; }\nConsole.WriteLine($\"written={written >> 20}|{why}\");";

        var (grade, printed) = GradeProbe("disque", probe);

        Assert.Equal(6, grade.Score);
        var megabytes = int.Parse(printed.Split('|')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(megabytes, 0, 16);
    }

    private static void AssertPassed(SubmissionGrade grade, params string[] ids) =>
        Assert.Equal(ids.Order(), grade.Tests.Where(t => t.Passed).Select(t => t.Id).Order());

    private static TestResult Test(SubmissionGrade grade, string id) => grade.Tests.Single(t => t.Id == id);

    public void Dispose() => _tiny.Dispose();
}
