using System.Runtime.CompilerServices;
using DeepArch.Runtime;

namespace DeepArch.Tests;

internal static class TestSetup
{
    /// <summary>Routes TorchSharp through the native guard before any test touches torch.</summary>
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.Initialize();
}
