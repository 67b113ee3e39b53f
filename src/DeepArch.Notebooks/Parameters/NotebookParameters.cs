using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepArch.Notebooks.Parameters;

/// <summary>
/// Notebook parameters, papermill's convention: the code cell tagged <c>parameters</c> declares the defaults; values
/// given for a run go into a new cell tagged <c>injected-parameters</c> right after it, which redeclares them (a later
/// cell's declaration hides an earlier one), so the notebook reads the same with or without injection.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag of the cell holding the defaults.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell holding injected values.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>The variables declared by the notebook's <c>parameters</c> cell (empty when it has none).</summary>
    public static IReadOnlyList<NotebookParameter> Read(Notebook notebook)
    {
        var cell = notebook.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParametersTag));
        if (cell is null)
            return [];
        var root = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetCompilationUnitRoot();
        // In a script, top-level declarations parse as fields (or as local declarations in statement position).
        return root.Members
            .Select(m => m switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            })
            .OfType<VariableDeclarationSyntax>()
            .SelectMany(d => d.Variables.Select(v => new NotebookParameter(
                v.Identifier.Text,
                d.Type.ToString(),
                v.Initializer?.Value.ToString() ?? "")))
            .ToList();
    }

    /// <summary>
    /// Inserts (or replaces) the <c>injected-parameters</c> cell with the given values, each converted to a C# literal
    /// of the parameter's type. An unknown name, a value that does not fit the type, or a notebook without a
    /// <c>parameters</c> cell throws <see cref="ParameterException"/>.
    /// </summary>
    public static void Inject(Notebook notebook, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
            return;
        var index = notebook.Cells.FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        if (index < 0)
            throw new ParameterException($"the notebook has no code cell tagged '{ParametersTag}', so it takes no parameters ({string.Join(", ", values.Keys)} given)");
        var declared = Read(notebook).ToDictionary(p => p.Name);
        var source = new StringBuilder("// Parameters injected for this run.\n");
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetValue(name, out var parameter))
                throw new ParameterException($"unknown parameter '{name}' (this notebook's parameters: {string.Join(", ", declared.Keys)})");
            source.Append(parameter.Type).Append(' ').Append(name).Append(" = ").Append(Literal(parameter, value)).Append(";\n");
        }

        notebook.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        var parametersCell = notebook.Cells[index];
        var injected = new NotebookCell("code", source.ToString().TrimEnd('\n'))
        {
            Metadata = (JsonObject)parametersCell.Metadata.DeepClone(),
        };
        injected.Metadata.Remove("tags");
        injected.AddTag(InjectedTag);
        notebook.Cells.Insert(index + 1, injected);
    }

    private static string Literal(NotebookParameter parameter, string value)
    {
        var kind = parameter.Type == "var" ? InferKind(parameter.DefaultValue) : parameter.Type;
        string? literal = kind switch
        {
            "string" or "String" => SymbolDisplay.FormatLiteral(value, quote: true),
            "bool" or "Boolean" => bool.TryParse(value, out var b) ? (b ? "true" : "false") : null,
            "int" or "Int32" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture) : null,
            "long" or "Int64" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l.ToString(CultureInfo.InvariantCulture) + "L" : null,
            "double" or "Double" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? FloatLiteral(d.ToString("R", CultureInfo.InvariantCulture), "") : null,
            "float" or "Single" => float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? FloatLiteral(f.ToString("R", CultureInfo.InvariantCulture), "f") : null,
            _ => throw new ParameterException($"parameter '{parameter.Name}' has type {parameter.Type}, which cannot be set from the command line (use string, bool, int, long, float or double)"),
        };
        return literal ?? throw new ParameterException($"parameter '{parameter.Name}' is {kind}: '{value}' is not a valid value");
    }

    private static string FloatLiteral(string digits, string suffix) =>
        digits.Contains('.') || digits.Contains('E') ? digits + suffix : digits + ".0" + suffix;

    /// <summary>The type C# infers for a <c>var</c> parameter from its default literal.</summary>
    private static string InferKind(string defaultValue)
    {
        var expression = SyntaxFactory.ParseExpression(defaultValue);
        if (expression is not LiteralExpressionSyntax literal)
            return "?";
        return literal.Token.Value switch
        {
            string => "string",
            bool => "bool",
            int => "int",
            long => "long",
            double => "double",
            float => "float",
            _ => "?",
        };
    }
}
