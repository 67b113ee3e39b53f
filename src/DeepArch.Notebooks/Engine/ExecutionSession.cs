using System.Diagnostics;
using DeepArch.Notebooks.Formatting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// Runs the cells of one notebook in order, each as a continuation of the previous one (Roslyn scripting), so
/// usings, variables and types carry over. Outputs are delivered while the cell runs; an error is reported as the
/// cell's output and the session goes on. One cell at a time: call <see cref="Execute"/> from one thread.
/// </summary>
public sealed class ExecutionSession
{
    /// <summary>The namespaces every cell sees, as in .NET Interactive's C# kernel.</summary>
    internal static readonly string[] DefaultImports =
        ["System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(LoadFrameworkReferences);

    private readonly PackageCatalog _packages;
    private readonly NotebookGlobals _globals = new();
    private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
    private readonly Task<ScriptState<object?>> _initial;
    private ScriptOptions _options = ScriptOptions.Default;
    private ScriptState<object?>? _state;
    private CellContext? _running;
    private int _executionCount;

    /// <summary>Starts a session; <c>#r "path"</c> is resolved against <paramref name="baseDirectory"/> (the notebook's folder).</summary>
    public ExecutionSession(string? baseDirectory = null)
        : this(baseDirectory, PackageCatalog.ForCurrentProcess())
    {
    }

    internal ExecutionSession(string? baseDirectory, PackageCatalog packages)
    {
        ConsoleRouter.Install();
        BaseDirectory = Path.GetFullPath(baseDirectory ?? Environment.CurrentDirectory);
        _packages = packages;
        // Everything slow (reading framework metadata, loading and JIT-compiling the compiler) happens in the
        // background, so a kernel answers its front end at once and the first cell finds the compiler warm.
        _initial = Task.Run(WarmUp);
    }

    private ScriptState<object?> WarmUp()
    {
        _options = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(NotebookGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            // No debug information: it would cost a third of a cell's round trip. An exception's cell lines are found
            // afterwards, by emitting the cells on its stack again with a PDB (CellLines).
            .WithEmitDebugInformation(false)
            .WithAllowUnsafe(true)
            .WithFileEncoding(System.Text.Encoding.UTF8);
        var initial = CSharpScript.Create<object?>("", _options, typeof(NotebookGlobals)).RunAsync(_globals).GetAwaiter().GetResult();
        // A throwaway cell takes the whole path once (bind, emit, run, result check, formatting); its state is dropped.
        var probe = initial.ContinueWithAsync<object?>("1 + 1", _options.WithFilePath("warmup.csx")).GetAwaiter().GetResult();
        if (HasValue(probe.Script.GetCompilation()))
            DisplayFormatter.Format(probe.ReturnValue);
        return initial;
    }

    /// <summary>The folder <c>#r "path"</c> is relative to.</summary>
    public string BaseDirectory { get; }

    /// <summary>The number of the last cell run with history (Jupyter's execution count).</summary>
    public int ExecutionCount => _executionCount;

    /// <summary>Waits until the compiler is warm (optional: the first <see cref="Execute"/> waits for it anyway).</summary>
    public Task WarmUpAsync() => _initial;

    /// <summary>
    /// Runs one cell. Outputs go to <paramref name="onOutput"/> as they are produced (possibly from other threads the
    /// cell started); <paramref name="input"/> answers <c>Console.ReadLine</c> (prompt, is-password), null when the
    /// front end allows no input. With <paramref name="storeHistory"/> false the execution count does not advance.
    /// </summary>
    public CellResult Execute(string code, Action<CellOutput> onOutput, Func<string, bool, string?>? input = null, bool storeHistory = true)
    {
        var number = storeHistory ? ++_executionCount : _executionCount;
        using var cell = new CellContext(onOutput, input);
        var outer = ConsoleRouter.Current;
        ConsoleRouter.Current = cell;
        _running = cell;
        ErrorOutput? error;
        try
        {
            error = Run(code, number, cell);
        }
        catch (Exception e) when (e is ThreadInterruptedException or OperationCanceledException && cell.CancellationToken.IsCancellationRequested)
        {
            error = ErrorReport.Interrupted();
        }
        finally
        {
            _running = null;
            ConsoleRouter.Current = outer;
        }
        if (error is not null)
            cell.Emit(error);
        return new CellResult(number, error);
    }

    /// <summary>
    /// Asks the running cell to stop: cancels <see cref="NotebookGlobals.CancellationToken"/> and makes the cell's
    /// next console write or display throw. Code that never reaches such a point keeps running (the kernel deals with that).
    /// </summary>
    public void Interrupt() => _running?.Cancel();

    /// <summary>Whether a cell is running now.</summary>
    public bool IsBusy => _running is not null;

    private ErrorOutput? Run(string code, int number, CellContext cell)
    {
        var previous = _state ?? _initial.GetAwaiter().GetResult();
        CellDirectives directives;
        try
        {
            directives = CellDirectives.Parse(code, BaseDirectory, _packages);
        }
        catch (DirectiveException e)
        {
            return ErrorReport.FromDirective(e);
        }
        if (directives.Markdown.Length > 0)
        {
            var markdown = new MimeBundle();
            markdown.Set("text/markdown", directives.Markdown);
            cell.Emit(new DisplayOutput(markdown, Guid.NewGuid().ToString("N"), IsUpdate: false));
        }
        var newReferences = directives.References.Where(_referenced.Add).ToList();
        if (newReferences.Count > 0)
            _options = _options.AddReferences(newReferences.Select(p => MetadataReference.CreateFromFile(p, documentation: Documentation.For(p))));
        if (string.IsNullOrWhiteSpace(directives.Code))
            return null;

        var clock = Stopwatch.StartNew();
        ScriptState<object?> state;
        try
        {
            state = previous.ContinueWithAsync<object?>(directives.Code, _options.WithFilePath($"cell{number}.csx"), _ => true, cell.CancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (CompilationErrorException e)
        {
            return ErrorReport.FromDiagnostics(e.Diagnostics);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ThreadInterruptedException))
        {
            // The cell's own exceptions land in state.Exception; one thrown here comes from Roslyn itself (e.g. its
            // NullReferenceException binding `var (a, b) = x switch { … }` in a script). Without this the execution
            // thread would die and the cell would never get a reply.
            return ErrorReport.CompilerCrash(number, e);
        }
        _state = state;
        cell.Flush();
        if (directives.Time)
            cell.Emit(new StreamOutput("stdout", $"Wall time: {clock.Elapsed.TotalMilliseconds:F1} ms\n"));
        if (state.Exception is { } exception)
        {
            return exception is OperationCanceledException or ThreadInterruptedException && cell.CancellationToken.IsCancellationRequested
                ? ErrorReport.Interrupted()
                : ReportException(exception, state.Script);
        }
        if (HasValue(state.Script.GetCompilation()))
            cell.Emit(new ExecuteResultOutput(DisplayFormatter.Format(state.ReturnValue), number));
        return null;
    }

    private static ErrorOutput ReportException(Exception exception, Script script)
    {
        using var cells = new CellLines(script);
        return ErrorReport.FromException(exception, cells);
    }

    /// <summary>The compilation a piece of code would get as the next cell: what completion and inspection look into.</summary>
    internal Compilation CompileNext(string code)
    {
        var previous = _state ?? _initial.GetAwaiter().GetResult();
        return previous.Script.ContinueWith(code, _options.WithFilePath("completion.csx")).GetCompilation();
    }

    /// <summary>Whether the cell ends with an expression that has a value (no semicolon, not void): Jupyter's execute_result.</summary>
    private static bool HasValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single();
        if (tree.GetRoot() is not CompilationUnitSyntax root
            || root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement })
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static MetadataReference[] LoadFrameworkReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
