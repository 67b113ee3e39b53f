using System.Globalization;
using System.Text.Json.Nodes;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// An assignment's instructor source notebook, read and checked: every cell with its role (answer, test, locked, free).
/// Cell metadata <c>deeparch</c> says <c>{"test": "q1", "points": 2}</c> for a test and <c>{"locked": true}</c> for a
/// locked cell; answer cells are the code cells holding a solution region (<see cref="Regions"/>).
/// </summary>
public sealed class Assignment
{
    /// <summary>Key of the cell (and notebook) metadata object this format uses.</summary>
    public const string MetadataKey = "deeparch";

    private Assignment(string name, string path, Notebook source, IReadOnlyList<AssignmentCell> cells)
    {
        Name = name;
        SourcePath = path;
        Source = source;
        Cells = cells;
    }

    /// <summary>The assignment's name: its folder's for <c>source.ipynb</c>, else the file's.</summary>
    public string Name { get; }

    /// <summary>Full path of the source notebook.</summary>
    public string SourcePath { get; }

    /// <summary>The source notebook as read.</summary>
    public Notebook Source { get; }

    /// <summary>Every cell, in order.</summary>
    public IReadOnlyList<AssignmentCell> Cells { get; }

    /// <summary>The test cells, in order.</summary>
    public IEnumerable<AssignmentCell> Tests => Cells.Where(c => c.Role == CellRole.Test);

    /// <summary>The sum of the tests' points.</summary>
    public double MaxScore => Tests.Sum(t => t.Points);

    /// <summary>Reads and checks a source notebook.</summary>
    /// <exception cref="NotebookFormatException">The file is not a readable notebook.</exception>
    /// <exception cref="AssignmentException">It breaks the authoring rules (the message lists which cells).</exception>
    public static Assignment Load(string path)
    {
        var full = Path.GetFullPath(path);
        var name = Path.GetFileNameWithoutExtension(full) == "source"
            ? Path.GetFileName(Path.GetDirectoryName(full)) ?? "assignment"
            : Path.GetFileNameWithoutExtension(full);
        return From(Notebook.Load(full), full, name);
    }

    /// <summary>Checks a source notebook already read; <paramref name="path"/> is where it lives (relative <c>#r</c> paths start there).</summary>
    public static Assignment From(Notebook notebook, string path, string name)
    {
        var problems = new List<string>();
        var cells = new List<AssignmentCell>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var testIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var label = $"cell {i + 1}" + (cell.Id is null ? "" : $" ('{cell.Id}')");
            if (string.IsNullOrWhiteSpace(cell.Id))
                problems.Add($"{label}: has no id (answers are matched by cell id; save it as nbformat 4.5)");
            else if (!ids.TryAdd(cell.Id, i))
                problems.Add($"{label}: id '{cell.Id}' is already used by cell {ids[cell.Id] + 1}");
            cells.Add(Classify(cell, i, label, problems, testIds));
        }
        if (!cells.Any(c => c.Role == CellRole.Test))
            problems.Add("no test cell: give at least one code cell the metadata \"deeparch\": {\"test\": \"id\", \"points\": 1}");
        if (problems.Count > 0)
            throw new AssignmentException($"{path}: {string.Join("; ", problems)}");
        return new Assignment(name, Path.GetFullPath(path), notebook, cells);
    }

    private static AssignmentCell Classify(NotebookCell cell, int index, string label, List<string> problems, Dictionary<string, int> testIds)
    {
        var node = cell.Metadata[MetadataKey];
        if (node is not null and not JsonObject)
        {
            problems.Add($"{label}: metadata '{MetadataKey}' must be an object");
            return new AssignmentCell(index, cell, CellRole.Free);
        }
        var meta = node as JsonObject;
        var hasSolution = Regions.HasSolution(cell.Source);
        var isTest = meta?["test"] is not null || meta?["points"] is not null;
        var locked = meta?["locked"] is JsonValue l && l.TryGetValue<bool>(out var b) && b;
        if (meta?["locked"] is { } lockedNode && !(lockedNode is JsonValue v && v.TryGetValue<bool>(out _)))
            problems.Add($"{label}: 'locked' must be true or false");

        if (cell.IsCode && Regions.Problem(cell.Source, hiddenAllowed: isTest) is { } regionProblem)
            problems.Add($"{label}: {regionProblem}");
        if (!cell.IsCode && (hasSolution || Regions.HasHiddenTests(cell.Source)))
            problems.Add($"{label}: solution and hidden-test regions belong in code cells");

        if (isTest)
        {
            var testId = meta!["test"] is JsonValue t && t.TryGetValue<string>(out var s) ? s.Trim() : "";
            var points = meta["points"] is JsonValue p && p.TryGetValue<double>(out var d) ? d : double.NaN;
            if (!cell.IsCode)
                problems.Add($"{label}: a test must be a code cell");
            if (testId.Length == 0)
                problems.Add($"{label}: 'test' must be a non-empty string (the test id)");
            else if (!testIds.TryAdd(testId, index))
                problems.Add($"{label}: test id '{testId}' is already used by cell {testIds[testId] + 1}");
            if (!(points > 0) || double.IsInfinity(points))
                problems.Add($"{label}: 'points' must be a positive number (got {meta["points"]?.ToJsonString() ?? "nothing"})");
            if (hasSolution)
                problems.Add($"{label}: a test cell cannot hold a solution region");
            if (meta["locked"] is JsonValue lv && lv.TryGetValue<bool>(out var isLocked) && !isLocked)
                problems.Add($"{label}: a test cell is always locked ('locked': false is not allowed)");
            return new AssignmentCell(index, cell, CellRole.Test, testId, double.IsNaN(points) ? 0 : points);
        }
        if (hasSolution && locked)
            problems.Add($"{label}: a locked cell cannot hold a solution region");
        if (hasSolution)
            return new AssignmentCell(index, cell, CellRole.Answer);
        return new AssignmentCell(index, cell, locked ? CellRole.Locked : CellRole.Free);
    }

    /// <summary>
    /// The student's notebook: solutions stubbed, hidden tests removed, outputs cleared, locked cells marked read-only
    /// for Jupyter (<c>editable</c>/<c>deletable</c>) with their checksum, and relative <c>#r</c> paths rewritten to
    /// work from <paramref name="outputDirectory"/>.
    /// </summary>
    public Notebook StudentNotebook(string outputDirectory)
    {
        var notebook = Notebook.Parse(Source.ToJson(), SourcePath);
        notebook.Metadata[MetadataKey] = new JsonObject { ["assignment"] = Name, ["max_score"] = MaxScore };
        var sourceDirectory = Path.GetDirectoryName(SourcePath)!;
        for (var i = 0; i < Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var role = Cells[i];
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            cell.Metadata.Remove("execution");
            cell.Source = References.Rebase(role.StudentSource, sourceDirectory, outputDirectory);
            if (cell.Metadata[MetadataKey] is JsonObject meta)
                meta.Remove("duration_s");
            if (!role.IsLocked)
                continue;
            var deeparch = cell.Metadata[MetadataKey] as JsonObject ?? [];
            cell.Metadata[MetadataKey] = deeparch;
            deeparch["locked"] = true;
            deeparch["checksum"] = CellChecksum.Of(cell);
            cell.Metadata["editable"] = false;
            cell.Metadata["deletable"] = false;
        }
        return notebook;
    }

    /// <summary>Points as messages and the gradebook write them ("2", "1.5").</summary>
    public static string Format(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}
