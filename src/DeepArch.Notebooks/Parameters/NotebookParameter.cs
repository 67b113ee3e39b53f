namespace DeepArch.Notebooks.Parameters;

/// <summary>A variable of a notebook's <c>parameters</c> cell: its name, declared type (<c>var</c> when inferred) and default.</summary>
public sealed record NotebookParameter(string Name, string Type, string DefaultValue);
