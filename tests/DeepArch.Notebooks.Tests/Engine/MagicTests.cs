using System.Runtime.Loader;
using DeepArch.Notebooks.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepArch.Notebooks.Tests.Engine;

public sealed class MagicTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deeparch-magics-").FullName;
    private readonly ExecutionSession _session;

    public MagicTests() => _session = new ExecutionSession(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SessionRun Run(string code) => SessionRun.Of(_session, code);

    [Fact]
    public void Nuget_reference_to_a_carried_package_makes_it_usable()
    {
        var run = Run("#r \"nuget: TorchSharp-cpu, 0.107.0\"\nTorchSharp.torch.ones(2, 3).shape[1]").Succeeds();
        Assert.Equal("3", run.ResultText);
    }

    [Fact]
    public void Nuget_reference_without_version_takes_the_carried_one()
    {
        Run("#r \"nuget: Plotly.NET.CSharp\"").Succeeds();
        Assert.Equal("Plotly.NET.CSharp", Run("typeof(Plotly.NET.CSharp.Chart).Assembly.GetName().Name").Succeeds().ResultText);
    }

    [Fact]
    public void Nuget_reference_to_a_package_not_carried_names_it_and_lists_the_available_ones()
    {
        var error = Run("#r \"nuget: Newtonsoft.Jsonish, 13.0.1\"").Error;
        Assert.Contains("'Newtonsoft.Jsonish'", error.Value);
        Assert.Contains("TorchSharp-cpu 0.107.0", error.Value);
        Assert.Contains("SkiaSharp", error.Value);
    }

    [Fact]
    public void Nuget_reference_to_another_version_names_both_versions()
    {
        var error = Run("#r \"nuget: TorchSharp-cpu, 0.105.0\"").Error;
        Assert.Contains("version 0.105.0", error.Value);
        Assert.Contains("TorchSharp-cpu 0.107.0", error.Value);
    }

    [Fact]
    public void Path_reference_is_relative_to_the_notebook_folder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "lib"));
        var compilation = CSharpCompilation.Create("AnswerLib",
            [CSharpSyntaxTree.ParseText("public static class Answer { public static int Value => 42; }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(compilation.Emit(Path.Combine(_folder, "lib", "AnswerLib.dll")).Success);

        Assert.Equal("42", Run("#r \"lib/AnswerLib.dll\"\nAnswer.Value").Succeeds().ResultText);
    }

    [Fact]
    public void Path_reference_to_the_course_library_uses_the_engine_copy_so_it_is_loaded_once()
    {
        // The first-cell convention points at the library's build output; the engine must not load a second copy.
        var run = Run("#r \"../src/DeepArch/bin/Debug/net10.0/DeepArch.dll\"\n"
            + "System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(DeepArch.Runtime.TorchRuntime).Assembly) == System.Runtime.Loader.AssemblyLoadContext.Default").Succeeds();
        Assert.Equal("True", run.ResultText);
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "DeepArch");
    }

    [Fact]
    public void First_cell_convention_of_the_README_runs_and_loads_each_assembly_once()
    {
        Run("""
            #r "nuget: TorchSharp-cpu, 0.107.0"
            #r "nuget: Plotly.NET, 6.0.0"
            #r "nuget: Plotly.NET.CSharp, 0.14.0"
            #r "nuget: SkiaSharp, 4.154.0"
            #r "../src/DeepArch/bin/Debug/net10.0/DeepArch.dll"
            using TorchSharp;
            using static TorchSharp.torch;
            DeepArch.Runtime.TorchRuntime.Initialize();
            """).Succeeds();
        Assert.Equal("6", Run("ones(2, 3).sum().item<float>()").Succeeds().ResultText);
        foreach (var name in new[] { "DeepArch", "TorchSharp", "Plotly.NET", "SkiaSharp" })
            Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == name);
    }

    [Fact]
    public void Missing_path_reference_is_a_clear_error()
    {
        var error = Run("#r \"nowhere/Missing.dll\"").Error;
        Assert.Contains("Cannot find the assembly 'nowhere/Missing.dll'", error.Value);
    }

    [Fact]
    public void Magic_lines_keep_line_numbers_of_the_code_below()
    {
        var error = Run("#!time\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\nvar z = missing;").Error;
        Assert.StartsWith("cell1.csx(3,9)", error.Traceback[0]);
    }

    [Fact]
    public void Time_magic_reports_wall_time()
    {
        Assert.Matches(@"^Wall time: \d+\.\d ms\n$", Run("#!time\nvar t = 1;").Succeeds().Stdout);
    }

    [Fact]
    public void Csharp_magic_is_accepted()
    {
        Assert.Equal("3", Run("#!csharp\n1 + 2").Succeeds().ResultText);
    }

    [Fact]
    public void Markdown_magic_displays_markdown()
    {
        var run = Run("#!markdown\n# Titre\nTexte.").Succeeds();
        var output = Assert.Single(run.Outputs.OfType<DisplayOutput>());
        Assert.Equal("# Titre\nTexte.", output.Data.GetText("text/markdown"));
    }

    [Fact]
    public void Unsupported_magic_is_an_error_listing_the_supported_ones()
    {
        var error = Run("#!fsharp\nlet x = 1").Error;
        Assert.Contains("#!fsharp", error.Value);
        Assert.Contains("#!time", error.Value);
    }
}
