namespace DeepArch.Notebooks.Grading;

/// <summary>An assignment source notebook that breaks the authoring rules; the message names every offending cell.</summary>
public sealed class AssignmentException(string message) : Exception(message);
