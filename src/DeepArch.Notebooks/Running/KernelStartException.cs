namespace DeepArch.Notebooks.Running;

/// <summary>A kernel process could not be started or did not answer.</summary>
internal sealed class KernelStartException(string message) : Exception(message);
