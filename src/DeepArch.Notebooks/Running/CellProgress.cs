namespace DeepArch.Notebooks.Running;

/// <summary>Raised when a code cell starts, for progress displays.</summary>
/// <param name="Notebook">The notebook being run.</param>
/// <param name="Cell">The code cell's number among the code cells, from 1.</param>
/// <param name="CodeCells">How many code cells the notebook has.</param>
public sealed record CellProgress(string Notebook, int Cell, int CodeCells);
