using System.Collections.Concurrent;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Suite;

/// <summary>Runs every course notebook once under <c>profile=smoke</c>, through the real runner and kernel processes.</summary>
public sealed class SmokeRuns : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NotebookRunResult>> _results = new();

    public string OutputDirectory { get; } = Directory.CreateTempSubdirectory("deeparch-smoke-").FullName;

    public NotebookRunResult Of(string name) => _results.GetOrAdd(name, n => new Lazy<NotebookRunResult>(() =>
    {
        var runner = new NotebookRunner(new RunnerOptions
        {
            KernelCommand = TestKernel.Command,
            Parameters = new Dictionary<string, string> { ["profile"] = "smoke" },
            CellTimeout = TimeSpan.FromMinutes(3),
            NotebookTimeout = TimeSpan.FromMinutes(5),
        });
        var job = CourseNotebooks.Find(n);
        return runner.Run(job.Path, Path.Combine(OutputDirectory, job.RelativePath));
    })).Value;

    public void Dispose() => Directory.Delete(OutputDirectory, recursive: true);
}
