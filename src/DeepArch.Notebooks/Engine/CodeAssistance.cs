using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepArch.Notebooks.Engine;

/// <summary>Completion, inspection and completeness of code typed in the next cell, against the session's state.</summary>
internal static partial class CodeAssistance
{
    /// <summary>Completion candidates and the span (UTF-16 offsets) they replace.</summary>
    public sealed record Completions(IReadOnlyList<string> Matches, int Start, int End);

    public static Completions Complete(ExecutionSession session, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_'))
            start--;
        var prefix = code[start..cursor];
        var source = BlankMagics(code);
        var compilation = session.CompileNext(source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);

        IEnumerable<ISymbol> symbols;
        var dot = start - 1;
        while (dot >= 0 && code[dot] == ' ')
            dot--;
        if (dot >= 0 && code[dot] == '.' && tree.GetRoot().FindToken(dot).Parent is MemberAccessExpressionSyntax access)
        {
            var target = model.GetSymbolInfo(access.Expression).Symbol;
            if (target is INamespaceOrTypeSymbol container)
            {
                symbols = model.LookupSymbols(start, container).Where(s => s.IsStatic || s is INamespaceOrTypeSymbol);
            }
            else
            {
                var type = model.GetTypeInfo(access.Expression).Type;
                symbols = type is null ? [] : model.LookupSymbols(start, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic);
            }
        }
        else
        {
            symbols = model.LookupSymbols(start);
        }
        var names = symbols
            .Where(s => s.CanBeReferencedByName && !s.IsImplicitlyDeclared)
            .Select(s => s.Name);
        if (dot < 0 || code[dot] != '.')
            names = names.Concat(Keywords);
        var matches = names
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => !n.StartsWith(prefix, StringComparison.Ordinal))
            .ThenBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new Completions(matches, start, cursor);
    }

    /// <summary>What the symbol under the cursor is (signature and documentation summary), or null when nothing is there.</summary>
    public static string? Inspect(ExecutionSession session, string code, int cursor)
    {
        var compilation = session.CompileNext(BlankMagics(code));
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        foreach (var position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= code.Length)
                continue;
            var node = root.FindToken(position).Parent;
            var symbol = node is null ? null : model.GetSymbolInfo(node).Symbol ?? model.GetDeclaredSymbol(node)
                ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
            if (symbol is null)
                continue;
            var text = symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            if (symbol is ILocalSymbol or IFieldSymbol or IPropertySymbol or IParameterSymbol)
                text = $"{TypeOf(symbol)} {text}";
            var summary = Summary(symbol.GetDocumentationCommentXml());
            return summary is null ? text : $"{text}\n\n{summary}";
        }
        return null;
    }

    /// <summary>Jupyter's is_complete: <c>complete</c>, or <c>incomplete</c> when an Enter should continue the cell.</summary>
    public static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(BlankMagics(code), new CSharpParseOptions(kind: SourceCodeKind.Script)));

    private static string TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type.ToDisplayString(),
        IFieldSymbol f => f.Type.ToDisplayString(),
        IPropertySymbol p => p.Type.ToDisplayString(),
        IParameterSymbol p => p.Type.ToDisplayString(),
        _ => "",
    };

    private static string? Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
            return null;
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            return summary is null ? null : Whitespace().Replace(string.Concat(summary.Nodes().Select(n => n is XElement e ? (string?)e.Attribute("cref")?.Value.Split(':').Last() ?? e.Value : n.ToString())), " ").Trim();
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Magic lines are not C#: blank them (keeping offsets) before handing the code to the compiler.</summary>
    private static string BlankMagics(string code) => MagicLine().Replace(code, m => new string(' ', m.Length));

    [GeneratedRegex(@"^[ \t]*#(!|r\s).*$", RegexOptions.Multiline)]
    private static partial Regex MagicLine();

    private static readonly string[] Keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "false", "finally", "float",
        "for", "foreach", "if", "in", "int", "interface", "internal", "is", "long", "new", "null", "object", "out",
        "override", "private", "protected", "public", "readonly", "record", "ref", "return", "sealed", "static",
        "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "using", "var", "virtual", "void", "while",
    ];
}
