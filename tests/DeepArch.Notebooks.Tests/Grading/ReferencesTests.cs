using DeepArch.Notebooks.Grading;

namespace DeepArch.Notebooks.Tests.Grading;

public sealed class ReferencesTests
{
    private const string Cell = "#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"../../../src/DeepArch/bin/Debug/net10.0/DeepArch.dll\"\nusing TorchSharp;";

    [Fact]
    public void Relative_assembly_paths_follow_the_notebook_to_its_new_folder()
    {
        var rebased = References.Rebase(Cell, "/repo/notebooks/assignments/a1", "/repo/artifacts/a1");

        Assert.Equal("#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"../../src/DeepArch/bin/Debug/net10.0/DeepArch.dll\"\nusing TorchSharp;", rebased);
    }

    [Fact]
    public void Without_a_destination_paths_become_absolute_and_nuget_references_stay()
    {
        var rebased = References.Rebase(Cell, "/repo/notebooks/assignments/a1", null);

        Assert.Contains("#r \"/repo/src/DeepArch/bin/Debug/net10.0/DeepArch.dll\"", rebased);
        Assert.Contains("#r \"nuget: TorchSharp-cpu, 0.107.0\"", rebased);
    }

    [Fact]
    public void Checksums_ignore_where_the_assembly_path_points_and_line_ends()
    {
        var elsewhere = References.Rebase(Cell, "/repo/notebooks/assignments/a1", "/tmp/x/y/z");

        Assert.Equal(CellChecksum.Of("code", Cell), CellChecksum.Of("code", elsewhere.Replace("\n", "\r\n")));
        Assert.NotEqual(CellChecksum.Of("code", Cell), CellChecksum.Of("code", Cell + "\nConsole.WriteLine();"));
        Assert.NotEqual(CellChecksum.Of("code", Cell), CellChecksum.Of("markdown", Cell));
    }
}
