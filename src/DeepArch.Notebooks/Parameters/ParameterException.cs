namespace DeepArch.Notebooks.Parameters;

/// <summary>A parameter that cannot be injected: unknown name, value of the wrong type, or no <c>parameters</c> cell.</summary>
public sealed class ParameterException(string message) : Exception(message);
