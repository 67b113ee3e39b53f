using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>One cell of an assignment's source notebook and what it is for.</summary>
/// <param name="Index">Position in the source notebook, from 0.</param>
/// <param name="Cell">The source cell (with solutions and hidden tests).</param>
/// <param name="Role">Where the grader takes it from.</param>
/// <param name="TestId">The test id of a test cell.</param>
/// <param name="Points">The points of a test cell (0 otherwise).</param>
public sealed record AssignmentCell(int Index, NotebookCell Cell, CellRole Role, string? TestId = null, double Points = 0)
{
    /// <summary>The cell id (every cell of a valid assignment has one).</summary>
    public string Id => Cell.Id!;

    /// <summary>The text the student gets: solutions replaced by their stub or prompt, hidden tests removed.</summary>
    public string StudentSource => Regions.ForStudent(Cell.Source);

    /// <summary>The checksum of <see cref="StudentSource"/>: what the student's copy of a locked cell must still have.</summary>
    public string StudentChecksum => CellChecksum.Of(Cell.CellType, StudentSource);

    /// <summary>Locked and test cells are taken from the source whatever the submission holds.</summary>
    public bool IsLocked => Role is CellRole.Locked or CellRole.Test;
}
