using System.Diagnostics;
using DeepArch.Notebooks.Running;
using DeepArch.Notebooks.Tests.Kernel;

namespace DeepArch.Notebooks.Tests.Suite;

public sealed class SmokeRunTests(SmokeRuns runs) : IClassFixture<SmokeRuns>
{
    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void RunsWithoutAnyErrorUnderTheSmokeProfile(string name)
    {
        var result = runs.Of(name);

        Assert.True(result.Succeeded, $"{name}: {result.FirstError}");
        Assert.All(result.Cells, c => Assert.Equal(CellStatus.Succeeded, c.Status));
    }

    [NbformatTheory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public void TheExecutedCopyIsValidNbformat(string name)
    {
        var output = runs.Of(name).Output;
        Assert.NotNull(output);

        var check = Process.Start(new ProcessStartInfo(JupyterTools.Python!)
        {
            ArgumentList = { "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))", output },
            RedirectStandardError = true,
        })!;
        var error = check.StandardError.ReadToEnd();
        check.WaitForExit();

        Assert.True(check.ExitCode == 0, $"nbformat.validate rejected {name}: {error}");
    }
}
