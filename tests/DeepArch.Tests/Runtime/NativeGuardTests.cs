using System.Runtime.InteropServices;
using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Runtime;

/// <summary>
/// The native abort guard (native/torchguard, <see cref="NativeGuard"/>), installed for this process by TestSetup.
/// Without it every "…Throws" test below would not fail but abort the whole test run (verified: exit code 134).
/// </summary>
public sealed class NativeGuardTests
{
    private static readonly string NativeDirectory = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    [LinuxFact]
    public void GuardIsActiveAndLoadedBesideTheOneLibTorchSharp()
    {
        Assert.True(NativeGuard.IsActive, NativeGuard.Status);
        Assert.StartsWith("active: ", NativeGuard.Status);

        var mapped = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6).Select(fields => fields[5]).Distinct().ToList();
        var guard = Assert.Single(mapped, path => path.EndsWith("/" + NativeGuard.LibraryFileName, StringComparison.Ordinal));
        var torchSharp = Assert.Single(mapped, path => path.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal));
        Assert.Equal(Path.GetDirectoryName(torchSharp), Path.GetDirectoryName(guard));
        Assert.Equal(Path.GetFullPath(NativeGuard.LibraryPath!), guard);
    }

    [LinuxFact]
    public void MatmulOfMismatchedShapesThrowsNamingBothShapes()
    {
        using var scope = NewDisposeScope();
        var left = zeros(2, 3);
        var right = zeros(4, 5);

        var error = Assert.Throws<ExternalException>(() => left.matmul(right));

        Assert.Contains("2x3", error.Message);
        Assert.Contains("4x5", error.Message);
        // TorchSharp's own messages carry libtorch's backtrace; the guard keeps the sentence a student can act on.
        Assert.DoesNotContain("Exception raised from", error.Message);
    }

    [LinuxFact]
    public void ACaughtErrorLeavesLaterCallsUntouched()
    {
        using var scope = NewDisposeScope();
        var bad = zeros(2, 3);
        Assert.Throws<ExternalException>(() => bad.matmul(zeros(4, 5)));

        // is_contiguous() calls CheckForErrors unconditionally: a message the guard failed to hand over would throw here.
        Assert.True(bad.is_contiguous());
        var product = ones(2, 3).matmul(ones(3, 4));
        Assert.Equal(2 * 4 * 3f, product.sum().item<float>());
    }

    [LinuxFact]
    public void ErrorsOfTorchSharpsOwnGuardedExportsStillArrive()
    {
        using var scope = NewDisposeScope();
        // mm has TorchSharp's try/catch: its message comes through the guard's last-error override, which must
        // fall back to TorchSharp's own when the guard has nothing pending.
        var error = Assert.Throws<ExternalException>(() => zeros(2, 3).mm(zeros(4, 5)));
        Assert.Contains("2x3", error.Message);
    }

    [Fact]
    public void ValidMatmulGivesTheHandComputedProduct()
    {
        using var scope = NewDisposeScope();
        var left = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var right = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);

        var product = left.matmul(right);

        // [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]]
        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }

    [Fact]
    public void BatchedMatmulEqualsBroadcastMultiplyAndSum()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1234);
        var batch = randn(new long[] { 3, 2, 4 }, generator: generator);
        var matrix = randn(new long[] { 4, 5 }, generator: generator);

        var product = batch.matmul(matrix);
        // (3,2,4,1) * (4,5) -> (3,2,4,5), summed over the shared dimension 4.
        var expected = (batch.unsqueeze(-1) * matrix).sum(-2);

        Assert.Equal(new long[] { 3, 2, 5 }, product.shape);
        Assert.True(product.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void MatmulOfTwoVectorsIsTheirDotProduct()
    {
        using var scope = NewDisposeScope();
        var product = tensor(new float[] { 1, 2, 3 }).matmul(tensor(new float[] { 4, 5, 6 }));
        Assert.Equal(0, product.dim());
        Assert.Equal(32f, product.item<float>());
    }

    [LinuxFact]
    public void CummaxAndCumminRejectADimensionOutOfRange()
    {
        using var scope = NewDisposeScope();
        var values = arange(6);

        var max = Assert.Throws<ExternalException>(() => values.cummax(5));
        var min = Assert.Throws<ExternalException>(() => values.cummin(-3));

        Assert.Contains("Dimension out of range", max.Message);
        Assert.Contains("but got 5", max.Message);
        Assert.Contains("but got -3", min.Message);
    }

    [Fact]
    public void CummaxAndCumminStillComputeRunningExtremes()
    {
        using var scope = NewDisposeScope();
        var values = tensor(new long[] { 1, 3, 2, 5, 4 });

        var (max, maxAt) = values.cummax(0);
        var (min, minAt) = values.cummin(0);

        Assert.Equal(new long[] { 1, 3, 3, 5, 5 }, max.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1, 1, 3, 3 }, maxAt.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 1 }, min.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 0, 0 }, minAt.data<long>().ToArray());
    }

    [LinuxFact]
    public void VarianceOfAnIntegerTensorAlongADimensionThrows()
    {
        using var scope = NewDisposeScope();
        // TorchSharp computes var() of the whole tensor before its own try/catch: a handler that comes too late.
        var integers = arange(6).reshape(2, 3);
        var error = Assert.Throws<ExternalException>(() => integers.var(0));
        Assert.Contains("floating point", error.Message);
    }

    [LinuxFact]
    public void ASliceWithStepZeroThrows()
    {
        using var scope = NewDisposeScope();
        var values = arange(6);
        var error = Assert.Throws<ExternalException>(() => values[TensorIndex.Slice(0, 4, 0)]);
        Assert.Contains("slice step cannot be zero", error.Message);
    }

    [LinuxFact]
    public void MaxUnpoolWithAKernelOfTheWrongRankThrows()
    {
        using var scope = NewDisposeScope();
        var input = zeros(1, 1, 2, 2);
        var indices = zeros(new long[] { 1, 1, 2, 2 }, ScalarType.Int64);
        var error = Assert.Throws<ExternalException>(() => nn.functional.max_unpool2d(input, indices, [2, 2, 2]));
        Assert.Contains("Expected 2 values", error.Message);
    }

    [LinuxFact]
    public void ZeroThreadsThrows()
    {
        var error = Assert.Throws<ExternalException>(() => torch.set_num_threads(0));
        Assert.Contains("positive number of threads", error.Message);
    }

    [LinuxFact]
    public void RestoringAMalformedRandomStateThrows()
    {
        using var scope = NewDisposeScope();
        var state = zeros(new long[] { 3 }, ScalarType.Byte);
        var error = Assert.Throws<ExternalException>(() => torch.random.set_rng_state(state));
        Assert.Contains("RNG state", error.Message);
    }

    // ---- The audit (native/torchguard/README.md), re-run against the binaries this build ships ----------------------

    [LinuxFact]
    public void EveryExportWithoutAHandlerIsWrappedOrDeliberatelySkipped()
    {
        var torchSharp = ElfExceptionTables.Read(Path.Combine(NativeDirectory, "libLibTorchSharp.so"));
        var exports = torchSharp.ExportedFunctions.Where(name => name.StartsWith("THS", StringComparison.Ordinal)).ToHashSet();
        var unguarded = exports.Where(name => !torchSharp.HasCatchClause(name)).ToHashSet();
        var wrapped = GuardExports();
        var skipped = SkippedExports();

        // The reader tells guarded from unguarded exports (mm has TorchSharp's try/catch, matmul has none).
        Assert.Contains("THSTensor_matmul", unguarded);
        Assert.DoesNotContain("THSTensor_mm", unguarded);
        Assert.True(unguarded.Count < exports.Count / 4, $"{unguarded.Count} of {exports.Count} exports look unguarded");

        Assert.Empty(unguarded.Except(wrapped).Except(skipped.Keys).Order());   // new in a TorchSharp upgrade: decide
        Assert.Empty(skipped.Keys.Except(unguarded).Order());                   // stale skip entries
        Assert.Empty(skipped.Keys.Intersect(wrapped).Order());
        Assert.Empty(wrapped.Except(exports).Order());                          // a wrapper without its real function
    }

    [LinuxFact]
    public void TorchSharpChecksForErrorsAfterEveryWrappedCall()
    {
        // A wrapper reports through THSTorch_get_and_reset_last_err; only callers that then run CheckForErrors see it.
        var unreported = new List<string>();
        foreach (var export in GuardExports().Where(name => name != "THSTorch_get_and_reset_last_err"))
        {
            var sites = TorchSharpCallSites.Of(export);
            if (sites.Count == 0)
                unreported.Add($"{export}: never called, nothing to guard");
            unreported.AddRange(sites.Where(site => !site.ChecksErrors).Select(site => $"{export} in {site.Caller}"));
        }

        Assert.Empty(unreported);
    }

    [LinuxFact]
    public void SkippedExportsAreWhatTheirCategorySays()
    {
        var wrong = new List<string>();
        foreach (var (export, category) in SkippedExports())
        {
            var sites = TorchSharpCallSites.Of(export);
            switch (category)
            {
                case "unused" when sites.Count > 0:
                    wrong.Add($"{export} is 'unused' but {sites[0].Caller} calls it");
                    break;
                case "unchecked" when sites.All(site => site.ChecksErrors):
                    wrong.Add($"{export} is 'unchecked' but no caller skips CheckForErrors: wrap it");
                    break;
                case "unused" or "unchecked" or "release" or "cannot-throw":
                    break;
                default:
                    wrong.Add($"{export}: unknown category '{category}'");
                    break;
            }
        }

        Assert.Empty(wrong);
    }

    private static HashSet<string> GuardExports() =>
        ElfExceptionTables.Read(Path.Combine(NativeDirectory, NativeGuard.LibraryFileName)).ExportedFunctions
            .Where(name => name.StartsWith("THS", StringComparison.Ordinal)).ToHashSet();

    /// <summary>native/torchguard/skipped.tsv: export → category.</summary>
    private static Dictionary<string, string> SkippedExports()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DeepArch.Notebooks.sln")))
            root = root.Parent;
        Assert.NotNull(root);
        return File.ReadLines(Path.Combine(root.FullName, "native", "torchguard", "skipped.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToDictionary(fields => fields[0], fields => fields[1], StringComparer.Ordinal);
    }
}

/// <summary>A fact about the Linux-only guard: skipped elsewhere, where the guard is neither built nor needed.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "The native abort guard exists on Linux only.";
    }
}
