using DeepArch.Notebooks.Ipynb;
using DeepArch.Notebooks.Parameters;

namespace DeepArch.Notebooks.Tests.Ipynb;

public sealed class NotebookParametersTests
{
    private static Notebook WithParameters(string source)
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new NotebookCell("code", "#r \"nuget: TorchSharp-cpu, 0.107.0\""));
        var parameters = new NotebookCell("code", source);
        parameters.AddTag(NotebookParameters.ParametersTag);
        notebook.Cells.Add(parameters);
        notebook.Cells.Add(new NotebookCell("code", "Console.WriteLine(profile);"));
        return notebook;
    }

    [Fact]
    public void Parameters_cell_declarations_are_read()
    {
        var parameters = NotebookParameters.Read(WithParameters("var profile = \"cpu\";\nint epochs = 10;\ndouble lr = 1e-3;"));
        Assert.Equal(
            [new("profile", "var", "\"cpu\""), new("epochs", "int", "10"), new("lr", "double", "1e-3")],
            parameters);
    }

    [Fact]
    public void Injected_cell_follows_the_parameters_cell_with_typed_literals()
    {
        var notebook = WithParameters("var profile = \"cpu\";\nint epochs = 10;\ndouble lr = 1e-3;\nvar fast = false;");
        NotebookParameters.Inject(notebook, new Dictionary<string, string>
        {
            ["profile"] = "smoke \"quick\"",
            ["epochs"] = "2",
            ["lr"] = "0.5",
            ["fast"] = "True",
        });
        var injected = notebook.Cells[2];
        Assert.True(injected.HasTag(NotebookParameters.InjectedTag));
        Assert.False(injected.HasTag(NotebookParameters.ParametersTag));
        Assert.Equal("// Parameters injected for this run.\nvar profile = \"smoke \\\"quick\\\"\";\nint epochs = 2;\ndouble lr = 0.5;\nvar fast = true;", injected.Source);
        Assert.Equal(4, notebook.Cells.Count);
    }

    [Fact]
    public void Injecting_again_replaces_the_previous_injected_cell()
    {
        var notebook = WithParameters("var profile = \"cpu\";");
        NotebookParameters.Inject(notebook, new Dictionary<string, string> { ["profile"] = "smoke" });
        NotebookParameters.Inject(notebook, new Dictionary<string, string> { ["profile"] = "gpu" });
        Assert.Single(notebook.Cells, c => c.HasTag(NotebookParameters.InjectedTag));
        Assert.Contains("\"gpu\"", notebook.Cells[2].Source);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_listing_the_known_ones()
    {
        var error = Assert.Throws<ParameterException>(() =>
            NotebookParameters.Inject(WithParameters("var profile = \"cpu\";\nvar epochs = 3;"), new Dictionary<string, string> { ["epoch"] = "2" }));
        Assert.Equal("unknown parameter 'epoch' (this notebook's parameters: profile, epochs)", error.Message);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_an_error()
    {
        var error = Assert.Throws<ParameterException>(() =>
            NotebookParameters.Inject(WithParameters("int epochs = 3;"), new Dictionary<string, string> { ["epochs"] = "many" }));
        Assert.Equal("parameter 'epochs' is int: 'many' is not a valid value", error.Message);
    }

    [Fact]
    public void Notebook_without_parameters_cell_rejects_values()
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new NotebookCell("code", "var profile = \"cpu\";"));
        Assert.Throws<ParameterException>(() => NotebookParameters.Inject(notebook, new Dictionary<string, string> { ["profile"] = "smoke" }));
    }
}
