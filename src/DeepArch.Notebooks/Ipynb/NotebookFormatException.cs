namespace DeepArch.Notebooks.Ipynb;

/// <summary>A notebook file that is not valid nbformat 4; the message names the file and the problem.</summary>
public sealed class NotebookFormatException(string fileName, string problem)
    : Exception($"{fileName}: {problem}")
{
    /// <summary>The file (or other source name) that was being read.</summary>
    public string FileName { get; } = fileName;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}
