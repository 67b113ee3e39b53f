using System.Buffers.Binary;
using System.Text;

namespace DeepArch.BuildTools;

/// <summary>
/// Just enough of an ELF64 little-endian reader to inspect and edit symbol versioning
/// (<c>.gnu.version_r</c>, <c>.gnu.version_d</c>, <c>.gnu.version</c>, <c>.dynsym</c>) in place.
/// </summary>
internal sealed class ElfFile
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    /// <summary>VER_FLG_WEAK: a missing version is a warning for the loader, not an error.</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections = [];

    private ElfFile(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported");

        var shoff = checked((int)U64(0x28));
        var shentsize = U16(0x3A);
        var shnum = U16(0x3C);
        if (shoff == 0 || shnum == 0)
            throw new InvalidDataException($"{path}: ELF file has no section headers");
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + i * shentsize;
            _sections.Add(new Section(
                Type: U32(h + 4),
                Offset: checked((int)U64(h + 0x18)),
                Size: checked((int)U64(h + 0x20)),
                Link: (int)U32(h + 0x28),
                Info: (int)U32(h + 0x2C)));
        }
    }

    public string Path { get; }

    public static ElfFile Read(string path) => new(path, File.ReadAllBytes(path));

    /// <summary>The bytes of the file, including edits made through this instance.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Version names this file defines (<c>.gnu.version_d</c>), e.g. <c>GLIBCXX_3.4.30</c>.</summary>
    public IReadOnlySet<string> DefinedVersions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var verdef = Find(ShtGnuVerdef);
        if (verdef is null)
            return names;
        var strtab = _sections[verdef.Link];
        var at = verdef.Offset;
        for (var i = 0; i < verdef.Info; i++)
        {
            var aux = at + (int)U32(at + 12);
            names.Add(String(strtab, U32(aux)));
            var next = (int)U32(at + 16);
            if (next == 0)
                break;
            at += next;
        }
        return names;
    }

    /// <summary>Every version requirement (<c>.gnu.version_r</c>): file, version name, flags, index.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var needs = new List<VersionNeed>();
        var verneed = Find(ShtGnuVerneed);
        if (verneed is null)
            return needs;
        var strtab = _sections[verneed.Link];
        var at = verneed.Offset;
        for (var i = 0; i < verneed.Info; i++)
        {
            var count = U16(at + 2);
            var file = String(strtab, U32(at + 4));
            var aux = at + (int)U32(at + 8);
            for (var j = 0; j < count; j++)
            {
                needs.Add(new VersionNeed(file, String(strtab, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux));
                var auxNext = (int)U32(aux + 12);
                if (auxNext == 0)
                    break;
                aux += auxNext;
            }
            var next = (int)U32(at + 12);
            if (next == 0)
                break;
            at += next;
        }
        return needs;
    }

    /// <summary>Names of the dynamic symbols bound to the version with index <paramref name="versionIndex"/>.</summary>
    public IReadOnlyList<string> SymbolsWithVersion(ushort versionIndex)
    {
        var dynsym = Find(ShtDynsym) ?? throw new InvalidDataException($"{Path}: no .dynsym section");
        var versym = Find(ShtGnuVersym) ?? throw new InvalidDataException($"{Path}: no .gnu.version section");
        var strtab = _sections[dynsym.Link];
        var symbols = new List<string>();
        var count = dynsym.Size / 24;
        for (var i = 0; i < count; i++)
        {
            if ((U16(versym.Offset + 2 * i) & 0x7fff) == versionIndex)
                symbols.Add(String(strtab, U32(dynsym.Offset + 24 * i)));
        }
        return symbols;
    }

    /// <summary>Sets the flags of one version requirement (edits this instance's bytes only).</summary>
    public void SetFlags(VersionNeed need, ushort flags) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(need.AuxOffset + 4), flags);

    private Section? Find(uint type) => _sections.FirstOrDefault(s => s.Type == type);

    private string String(Section strtab, uint offset)
    {
        var start = strtab.Offset + (int)offset;
        var end = Array.IndexOf(_bytes, (byte)0, start);
        return Encoding.ASCII.GetString(_bytes, start, end - start);
    }

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(at));
    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at));
    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(at));

    private sealed record Section(uint Type, int Offset, int Size, int Link, int Info);
}

/// <summary>One <c>Elf64_Vernaux</c> entry: <paramref name="Version"/> required from <paramref name="File"/>.</summary>
internal sealed record VersionNeed(string File, string Version, ushort Flags, ushort Index, int AuxOffset)
{
    public bool IsWeak => (Flags & ElfFile.VerFlagWeak) != 0;
}
