using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// What a cell declares at its top level and which simple names it uses, read from its syntax. In a notebook a later
/// cell's declaration hides an earlier one, so a student cell that declares a name a test uses (a helper, a type such
/// as <c>Math</c>) changes what the test runs; the grader finds such cells with this.
/// </summary>
internal static class Declarations
{
    private static readonly CSharpParseOptions Script = new(kind: SourceCodeKind.Script);

    /// <summary>Names the cell declares for later cells: members, types, top-level variables, using aliases.</summary>
    public static IReadOnlySet<string> DeclaredBy(string code)
    {
        var root = Parse(code);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alias in root.Usings.Where(u => u.Alias is not null))
            names.Add(alias.Alias!.Name.Identifier.Text);
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case BaseTypeDeclarationSyntax type:
                    names.Add(type.Identifier.Text);
                    break;
                case DelegateDeclarationSyntax d:
                    names.Add(d.Identifier.Text);
                    break;
                case MethodDeclarationSyntax m:
                    names.Add(m.Identifier.Text);
                    break;
                case PropertyDeclarationSyntax p:
                    names.Add(p.Identifier.Text);
                    break;
                case BaseFieldDeclarationSyntax f:
                    names.UnionWith(f.Declaration.Variables.Select(v => v.Identifier.Text));
                    break;
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f }:
                    names.Add(f.Identifier.Text);
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l }:
                    names.UnionWith(l.Declaration.Variables.Select(v => v.Identifier.Text));
                    break;
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax e }:
                    // var (a, b) = …; and out var x at top level declare script variables too.
                    names.UnionWith(e.DescendantNodes(n => n is not (LambdaExpressionSyntax or AnonymousMethodExpressionSyntax))
                        .OfType<SingleVariableDesignationSyntax>().Select(v => v.Identifier.Text));
                    break;
            }
        }
        return names;
    }

    /// <summary>Simple names the cell refers to (not member names after a dot, which an earlier cell cannot hide).</summary>
    public static IReadOnlySet<string> UsedBy(string code) =>
        Parse(code).DescendantNodes()
            .OfType<SimpleNameSyntax>()
            .Where(n => n.Parent is not (MemberAccessExpressionSyntax or MemberBindingExpressionSyntax or QualifiedNameSyntax) ||
                        n.Parent switch
                        {
                            MemberAccessExpressionSyntax a => a.Expression == n,
                            QualifiedNameSyntax q => q.Left == n,
                            _ => false,
                        })
            .Where(n => n.Parent is not NameColonSyntax)
            .Select(n => n.Identifier.Text)
            .ToHashSet(StringComparer.Ordinal);

    private static CompilationUnitSyntax Parse(string code) => CSharpSyntaxTree.ParseText(code, Script).GetCompilationUnitRoot();
}
