using TorchSharp;

namespace DeepArch.Runtime;

/// <summary>Chooses the device everything runs on: CUDA when TorchSharp reports one, else the CPU.</summary>
public static class Devices
{
    /// <summary>Environment variable that overrides the choice: <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c> or <c>auto</c>.</summary>
    public const string OverrideVariable = "DEEPARCH_DEVICE";

    /// <summary>
    /// The device to use. <paramref name="preference"/> (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) wins over
    /// <see cref="OverrideVariable"/>, which wins over detection. Asking for CUDA where none is available is an error
    /// rather than a silent fall-back, so a GPU run never quietly becomes a CPU run.
    /// </summary>
    /// <exception cref="ArgumentException">The preference is not a device name, or names CUDA on a host without it.</exception>
    public static torch.Device Select(string? preference = null)
    {
        TorchRuntime.Initialize();
        var wanted = (preference ?? Environment.GetEnvironmentVariable(OverrideVariable) ?? "auto").Trim().ToLowerInvariant();
        if (wanted is "" or "auto")
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (wanted == "cpu")
            return torch.CPU;
        if (wanted == "cuda" || wanted.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    $"Device '{wanted}' was requested but TorchSharp sees no CUDA device (the CPU backend package is in use, or no GPU/driver). Use 'cpu' or 'auto'.");
            var index = wanted == "cuda" ? 0 : ParseIndex(wanted);
            if (index >= torch.cuda.device_count())
                throw new ArgumentException($"Device '{wanted}' does not exist: {torch.cuda.device_count()} CUDA device(s) available.");
            return torch.device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{wanted}': expected auto, cpu, cuda or cuda:N.");
    }

    private static int ParseIndex(string wanted) =>
        int.TryParse(wanted.AsSpan(5), out var index) && index >= 0
            ? index
            : throw new ArgumentException($"Unknown device '{wanted}': expected cuda:N with N a device number.");
}
