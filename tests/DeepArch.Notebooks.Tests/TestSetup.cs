using System.Runtime.CompilerServices;
using DeepArch.Runtime;

namespace DeepArch.Notebooks.Tests;

internal static class TestSetup
{
    /// <summary>Routes TorchSharp through the native guard before any test touches torch, as the CLI does.</summary>
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.Initialize();
}
