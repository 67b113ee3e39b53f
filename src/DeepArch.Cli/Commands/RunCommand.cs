using System.CommandLine;
using System.Globalization;
using DeepArch.Notebooks.Export;
using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Kernel;
using DeepArch.Notebooks.Running;
using Spectre.Console;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch run</c>: runs notebooks headlessly, each in its own kernel, and writes executed copies (and HTML).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Notebooks, or folders searched recursively.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where executed notebooks go (mirroring the input tree).", DefaultValueFactory = _ => Path.Combine("artifacts", "notebooks") };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE for the notebooks' parameters cell (repeatable).", AllowMultipleArgumentsPerToken = false };
        var profile = new Option<string?>("--profile") { Description = "Shorthand for -p profile=X: smoke (CI), cpu (default lesson), gpu." };
        profile.AcceptOnlyFromAmong("smoke", "cpu", "gpu");
        var cellTimeout = new Option<double>("--cell-timeout") { Description = "Seconds a cell may run.", DefaultValueFactory = _ => 600 };
        var notebookTimeout = new Option<double>("--notebook-timeout") { Description = "Seconds a notebook may run.", DefaultValueFactory = _ => 3600 };
        var html = new Option<bool>("--html") { Description = "Also write an HTML page per notebook, an index and the pages' shared scripts (plotly.js, KaTeX); they open offline." };
        var singleFile = new Option<bool>("--single-file") { Description = "With --html: inline the scripts in each page instead of sharing one file, so a page can be sent alone." };
        var inPlace = new Option<bool>("--inplace") { Description = "Replace each source notebook with its executed copy (atomically)." };
        var command = new Command("run", "Run notebooks headlessly, each in its own kernel process; exit code 0 only if every cell succeeded.")
        {
            paths, output, parameters, profile, cellTimeout, notebookTimeout, html, singleFile, inPlace,
        };
        command.SetAction(parse =>
        {
            var values = ParseParameters(parse.GetValue(parameters) ?? []);
            if (parse.GetValue(profile) is { } p)
                values["profile"] = p;
            var options = new RunnerOptions
            {
                KernelCommand = KernelSpec.CurrentCommand(),
                Parameters = values,
                CellTimeout = Seconds(parse.GetValue(cellTimeout), "--cell-timeout"),
                NotebookTimeout = Seconds(parse.GetValue(notebookTimeout), "--notebook-timeout"),
            };
            var pages = parse.GetValue(html) ? (parse.GetValue(singleFile) ? HtmlPages.SingleFile : HtmlPages.SharedAssets) : HtmlPages.None;
            return Run(parse.GetValue(paths)!, parse.GetValue(output)!, options, pages, parse.GetValue(inPlace));
        });
        return command;
    }

    private enum HtmlPages { None, SharedAssets, SingleFile }

    private static int Run(string[] paths, string outputRoot, RunnerOptions options, HtmlPages html, bool inPlace)
    {
        var (jobs, problems) = NotebookDiscovery.Find(paths);
        foreach (var problem in problems)
            Console.Error.WriteLine($"deeparch: error: {problem}");

        var runner = new NotebookRunner(options);
        var results = new List<(NotebookJob Job, NotebookRunResult Result)>();
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        foreach (var job in jobs)
        {
            var output = inPlace ? job.Path : Path.Combine(outputRoot, job.RelativePath);
            NotebookRunResult result;
            if (interactive)
            {
                result = AnsiConsole.Status().Start($"{job.RelativePath}: starting the kernel…", context =>
                {
                    runner.CellStarting += OnCell;
                    try
                    {
                        return runner.Run(job.Path, output);
                    }
                    finally
                    {
                        runner.CellStarting -= OnCell;
                    }

                    void OnCell(object? _, CellProgress p) => context.Status($"{Markup.Escape(job.RelativePath)}: cell {p.Cell}/{p.CodeCells}");
                });
            }
            else
            {
                Console.WriteLine($"running {job.RelativePath}");
                result = runner.Run(job.Path, output);
            }
            if (result.Problem is not null)
                Console.Error.WriteLine($"deeparch: error: {result.Problem}");
            else
                Console.WriteLine(result.Succeeded
                    ? $"  ok   {job.RelativePath} ({result.Cells.Count} cells, {result.Duration.TotalSeconds:F1} s)"
                    : $"  FAIL {job.RelativePath}: {result.FirstError}");
            results.Add((job, result));
        }

        if (html != HtmlPages.None)
            // In place, pages go beside the sources, where no shared file belongs: each carries its own scripts.
            ExportHtml(results, inPlace ? null : outputRoot, shared: html == HtmlPages.SharedAssets && !inPlace);
        PrintTable(results);
        return problems.Count == 0 && results.All(r => r.Result.Succeeded) ? 0 : 1;
    }

    private static void ExportHtml(List<(NotebookJob Job, NotebookRunResult Result)> results, string? outputRoot, bool shared)
    {
        var entries = new List<IndexEntry>();
        var assets = outputRoot is null ? null : Path.GetFullPath(Path.Combine(outputRoot, HtmlExporter.AssetsFileName));
        if (shared && assets is not null && results.Any(r => r.Result.Output is not null))
            HtmlExporter.SaveAssets(assets);
        foreach (var (job, result) in results.Where(r => r.Result.Output is not null))
        {
            var page = Path.ChangeExtension(result.Output!, ".html");
            var assetsUrl = shared && assets is not null
                ? Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(page))!, assets).Replace('\\', '/')
                : null;
            HtmlExporter.Save(Notebook.Load(result.Output!), Path.GetFileNameWithoutExtension(job.RelativePath), page, assetsUrl);
            var link = outputRoot is null ? page : Path.ChangeExtension(job.RelativePath, ".html").Replace('\\', '/');
            entries.Add(new IndexEntry(job.RelativePath, link, result.Cells.Count, result.Errors, result.Duration));
        }
        if (outputRoot is not null && entries.Count > 0)
        {
            HtmlExporter.SaveIndex("DeepArch Notebooks", entries, Path.Combine(outputRoot, "index.html"));
            Console.WriteLine($"HTML: {Path.Combine(outputRoot, "index.html")}");
        }
    }

    private static void PrintTable(List<(NotebookJob Job, NotebookRunResult Result)> results)
    {
        if (results.Count == 0)
            return;
        var table = new Table().AddColumn("Notebook").AddColumn(new TableColumn("Cells").RightAligned())
            .AddColumn(new TableColumn("Errors").RightAligned()).AddColumn(new TableColumn("Duration").RightAligned());
        foreach (var (job, result) in results)
        {
            var errors = result.Errors == 0 ? "0" : $"[red]{result.Errors}[/]";
            table.AddRow(Markup.Escape(job.RelativePath), result.Cells.Count.ToString(CultureInfo.InvariantCulture), errors,
                $"{result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        }
        AnsiConsole.Write(table);
    }

    internal static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw new ArgumentException($"-p expects NAME=VALUE; got '{pair}'.");
            values[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        return values;
    }

    internal static TimeSpan Seconds(double seconds, string option) =>
        seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"{option} must be a positive number of seconds; got {seconds}.");
}
