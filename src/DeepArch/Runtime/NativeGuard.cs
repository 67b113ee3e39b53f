using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace DeepArch.Runtime;

/// <summary>
/// Makes libtorch errors in TorchSharp calls arrive as .NET exceptions instead of aborting the process.
/// </summary>
/// <remarks>
/// Some TorchSharp 0.107.0 native entry points (<c>matmul</c>, <c>cummax</c>, <c>cummin</c>, ...) have no try/catch,
/// so on Linux a libtorch error in them terminates the process. The build compiles <c>libDeepArchTorchGuard.so</c>
/// (native/torchguard) beside <c>libLibTorchSharp.so</c>: it exports the same functions inside try/catch and reports
/// errors through TorchSharp's own last-error call. This class makes TorchSharp's <c>DllImport("LibTorchSharp")</c>
/// resolve to that library. Where the library is missing (no C++ compiler at build time, not Linux) TorchSharp runs
/// unchanged and <see cref="Status"/> says why.
/// </remarks>
public static class NativeGuard
{
    /// <summary>File name of the guard library, as build/TorchGuard.targets names it.</summary>
    public const string LibraryFileName = "libDeepArchTorchGuard.so";

    private const string TorchSharpLibraryFileName = "libLibTorchSharp.so";

    private static readonly Lock Gate = new();
    private static bool _installed;
    private static IntPtr _guard;

    /// <summary>Whether TorchSharp's native calls go through the guard library in this process.</summary>
    public static bool IsActive { get; private set; }

    /// <summary>One line saying whether the guard is active and, if not, why (for <c>deeparch info</c> and bug reports).</summary>
    public static string Status { get; private set; } = "not installed: TorchRuntime.Initialize() has not run yet";

    /// <summary>Path of the loaded guard library, or <see langword="null"/> when it is not active.</summary>
    public static string? LibraryPath { get; private set; }

    /// <summary>
    /// Routes TorchSharp's native imports through the guard. Must run before TorchSharp's first native call (it is the
    /// first thing <see cref="TorchRuntime.Initialize"/> does); never throws, records the outcome in <see cref="Status"/>.
    /// </summary>
    internal static void Install()
    {
        lock (Gate)
        {
            if (_installed)
                return;
            _installed = true;
            (IsActive, Status) = TryInstall();
        }
    }

    private static (bool Active, string Status) TryInstall()
    {
        if (!OperatingSystem.IsLinux())
            return (false, "inactive: the guard is built for Linux only");

        // Entry points TorchSharp has already bound keep pointing at libLibTorchSharp.so; if THSTorch_get_and_reset_last_err
        // were among them, guarded errors would be lost. Only a guard installed before the first torch call is coherent.
        if (IsLoaded(TorchSharpLibraryFileName))
            return (false, $"not installed: {TorchSharpLibraryFileName} was loaded before TorchRuntime.Initialize() (call it before any torch code)");

        var torchSharp = typeof(torch).Assembly;
        var path = CandidateDirectories(torchSharp).Select(dir => Path.Combine(dir, LibraryFileName)).FirstOrDefault(File.Exists);
        if (path is null)
            return (false, $"inactive: {LibraryFileName} not found beside {TorchSharpLibraryFileName} (was the build's C++ compiler missing?)");

        // Loading pulls in libLibTorchSharp.so and libtorch (DT_NEEDED); TorchSharp's own loader then finds them loaded.
        if (!NativeLibrary.TryLoad(path, out var handle))
            return (false, $"inactive: {path} could not be loaded (its libLibTorchSharp.so or libtorch may be missing)");

        try
        {
            _guard = handle;
            NativeLibrary.SetDllImportResolver(torchSharp, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Only one resolver per assembly: someone else (a host, a future TorchSharp) registered first. Theirs wins.
            _guard = IntPtr.Zero;
            NativeLibrary.Free(handle);
            return (false, "inactive: another DllImport resolver is already registered for TorchSharp");
        }

        LibraryPath = path;
        return (true, $"active: {path}");
    }

    // TorchSharp declares every import as DllImport("LibTorchSharp"), and also loads it by that name through
    // NativeLibrary.TryLoad(name, assembly, ...), which consults this resolver too. Zero means "default probing".
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName is "LibTorchSharp" or "libLibTorchSharp" or TorchSharpLibraryFileName ? _guard : IntPtr.Zero;

    /// <summary>
    /// Folders where NuGet's build puts TorchSharp's native files: runtimes/RID/native beside TorchSharp.dll (a normal
    /// build) or the application folder itself (a RID-specific publish).
    /// </summary>
    private static IEnumerable<string> CandidateDirectories(Assembly torchSharp)
    {
        var rids = new[] { RuntimeInformation.RuntimeIdentifier, $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}" }
            .Distinct();
        var roots = new[] { Path.GetDirectoryName(torchSharp.Location), AppContext.BaseDirectory }
            .Where(root => !string.IsNullOrEmpty(root))
            .Select(root => root!)
            .Distinct();
        foreach (var root in roots)
        {
            foreach (var rid in rids)
                yield return Path.Combine(root, "runtimes", rid, "native");
            yield return root;
        }
    }

    private static bool IsLoaded(string fileName)
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(line => line.EndsWith("/" + fileName, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
