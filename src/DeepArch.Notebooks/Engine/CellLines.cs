using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace DeepArch.Notebooks.Engine;

/// <summary>A place in a cell: its file name (<c>cell3.csx</c>) and 1-based line and column.</summary>
internal readonly record struct CellLocation(string File, int Line, int Column);

/// <summary>
/// Finds the cell line of a stack frame after the fact. Cells are compiled without debug information, which saves a
/// third of a cell's round trip; when one throws, the cells on its stack are emitted again, this time with a portable
/// PDB, and each frame's IL offset is looked up among the sequence points of its method. The same compilation emits
/// the same IL and metadata tokens with or without a PDB in an optimised build, so the lines are those a PDB loaded
/// with the cell would have given.
/// </summary>
internal sealed class CellLines : IDisposable
{
    private readonly Dictionary<string, Compilation> _cells = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetadataReaderProvider?> _pdbs = new(StringComparer.Ordinal);

    /// <summary>Knows the cells of <paramref name="script"/> and of every script it continues.</summary>
    public CellLines(Script? script)
    {
        for (; script is not null; script = script.Previous)
        {
            var compilation = script.GetCompilation();
            if (compilation.AssemblyName is { } name)
                _cells.TryAdd(name, compilation);
        }
    }

    /// <summary>The cell line <paramref name="frame"/> was executing, or null for a frame outside the cells.</summary>
    public CellLocation? Locate(StackFrame frame)
    {
        var offset = frame.GetILOffset();
        if (frame.GetMethod() is not { } method || offset == StackFrame.OFFSET_UNKNOWN)
            return null;
        var assembly = method.Module.Assembly.GetName().Name;
        if (assembly is null || Pdb(assembly) is not { } pdb)
            return null;
        var reader = pdb.GetMetadataReader();
        var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken & 0xFFFFFF).ToDebugInformationHandle();
        SequencePoint? found = null;
        foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
        {
            if (point.Offset > offset)
                break;
            if (!point.IsHidden)
                found = point;
        }
        if (found is not { } at)
            return null;
        var file = reader.GetString(reader.GetDocument(at.Document).Name);
        return new CellLocation(Path.GetFileName(file), at.StartLine, at.StartColumn);
    }

    /// <summary>Releases the PDBs read.</summary>
    public void Dispose()
    {
        foreach (var provider in _pdbs.Values)
            provider?.Dispose();
    }

    private MetadataReaderProvider? Pdb(string assembly)
    {
        if (_pdbs.TryGetValue(assembly, out var known))
            return known;
        MetadataReaderProvider? provider = null;
        if (_cells.TryGetValue(assembly, out var compilation))
        {
            using var pe = new MemoryStream();
            var pdb = new MemoryStream();
            var emitted = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (emitted.Success)
            {
                pdb.Position = 0;
                provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            }
        }
        return _pdbs[assembly] = provider;
    }
}
