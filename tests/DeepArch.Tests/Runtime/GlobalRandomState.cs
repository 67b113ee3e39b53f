namespace DeepArch.Tests.Runtime;

/// <summary>
/// Tests that compare two draws from torch's global generator: they run alone, since any test running beside them
/// draws from the same generator between the seeding and the draw.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomState
{
    public const string Name = "torch's global random generator";
}
