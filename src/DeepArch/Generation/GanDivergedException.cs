namespace DeepArch.Generation;

/// <summary>
/// A GAN's loss became NaN or infinite: training stops at that step, before the bad update, so no checkpoint of a
/// broken model is written. Derives from <see cref="InvalidOperationException"/>, as the recipes' divergence errors do.
/// </summary>
public sealed class GanDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message saying which loss diverged and what to try.</summary>
    public GanDivergedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public GanDivergedException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GanDivergedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
