namespace DeepArch.Training;

/// <summary>A checkpoint could not be read, is damaged, or does not fit the model it is loaded into.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
