using TorchSharp;

namespace DeepArch.Runtime;

/// <summary>Seeds every random source the course uses so that a run can be repeated exactly (on the same device).</summary>
public static class Seeding
{
    /// <summary>The seed used when a caller gives none.</summary>
    public const int DefaultSeed = 42;

    /// <summary>
    /// Seeds libtorch's CPU and CUDA generators and returns a <see cref="Random"/> for .NET-side randomness
    /// (data generation, shuffling), derived from the same seed.
    /// </summary>
    public static Random Seed(int seed = DefaultSeed)
    {
        TorchRuntime.Initialize();
        torch.manual_seed(seed);
        if (torch.cuda.is_available())
            torch.cuda.manual_seed_all(seed);
        return new Random(seed);
    }
}
