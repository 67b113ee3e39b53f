namespace DeepArch.Models;

/// <summary>
/// Pretrained weights that cannot be used: a file that is not a PyTorch state dict, or one whose parameter names or
/// shapes do not match the model it is loaded into. The message names what differs.
/// </summary>
public sealed class PretrainedWeightsException(string message, Exception? inner = null) : Exception(message, inner);
