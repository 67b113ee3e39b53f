using System.CommandLine;
using DeepArch.Notebooks.Grading;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch assign SOURCE</c>: checks an assignment's source notebook and writes the student's version.</summary>
internal static class AssignCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "The instructor's source notebook (notebooks/assignments/NAME/source.ipynb)." };
        var output = new Option<string?>("--out") { Description = "Folder of the student notebook NAME.ipynb. Default: artifacts/assignments/NAME." };
        var command = new Command("assign",
            "Check an assignment source notebook and write the student version: solutions stubbed, hidden tests removed, outputs cleared, locked cells checksummed.")
        {
            source, output,
        };
        command.SetAction(parse =>
        {
            var assignment = Assignment.Load(parse.GetValue(source)!);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("artifacts", "assignments", assignment.Name));
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, assignment.Name + ".ipynb");
            if (target == assignment.SourcePath)
                throw new ArgumentException($"the student version would overwrite the source {target}; choose another --out");
            assignment.StudentNotebook(folder).Save(target);

            var answers = assignment.Cells.Count(c => c.Role == CellRole.Answer);
            var hidden = assignment.Tests.Count(t => Regions.HasHiddenTests(t.Cell.Source));
            Console.WriteLine($"{Path.GetRelativePath(Environment.CurrentDirectory, target)}: {answers} answer cells, " +
                              $"{assignment.Tests.Count()} tests ({hidden} with hidden tests removed), {Assignment.Format(assignment.MaxScore)} points");
            return 0;
        });
        return command;
    }
}
