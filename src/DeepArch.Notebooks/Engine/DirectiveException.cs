namespace DeepArch.Notebooks.Engine;

/// <summary>A magic command (<c>#r</c>, <c>#!…</c>) that cannot be honoured; reported as the cell's error.</summary>
internal sealed class DirectiveException(string message) : Exception(message);
