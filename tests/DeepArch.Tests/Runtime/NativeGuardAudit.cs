using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepArch.Tests.Runtime;

/// <summary>
/// Reads just enough of an x86-64 ELF shared library to tell which exported functions can catch a C++ exception:
/// the dynamic symbols, <c>.eh_frame</c> (one FDE per function, pointing at its LSDA) and <c>.gcc_except_table</c>
/// (each LSDA's call-site and action tables). A function catches when some call site's action chain holds a catch
/// clause (type filter &gt; 0). Without an LSDA, or with cleanups only, every exception passes through it.
/// </summary>
/// <remarks>This is how native/torchguard/README.md derives the list of unguarded exports, kept as code so a TorchSharp
/// upgrade re-runs it.</remarks>
internal sealed class ElfExceptionTables
{
    private const ushort MachineX86_64 = 62;
    private const uint SectionNoBits = 8;
    private const byte OmitEncoding = 0xff;

    private readonly byte[] _file;
    private readonly List<Section> _sections = [];
    private readonly Dictionary<string, (ulong Address, ulong Size)> _functions = new(StringComparer.Ordinal);
    private readonly List<(ulong Start, ulong End, ulong Lsda)> _fdes = [];

    private ElfExceptionTables(byte[] file)
    {
        _file = file;
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (!file.AsSpan(0, 4).SequenceEqual(magic) || file[4] != 2 || file[5] != 1)
            throw new InvalidDataException("not a little-endian 64-bit ELF file");
        if (U16(0x12) != MachineX86_64)
            throw new NotSupportedException("only x86-64 code is understood (tail calls are decoded)");
        ReadSections();
        ReadDynamicFunctions();
        ReadFrameDescriptions();
    }

    /// <summary>Names of the functions the library exports (defined, global or weak, default visibility).</summary>
    public IReadOnlyCollection<string> ExportedFunctions => _functions.Keys;

    public static ElfExceptionTables Read(string path) => new(File.ReadAllBytes(path));

    /// <summary>
    /// Whether <paramref name="function"/> holds a catch clause. A function that is a lone <c>jmp</c> (a tail call) is
    /// judged by its target; a tail call into another library (through the PLT) has no handler of ours.
    /// </summary>
    public bool HasCatchClause(string function)
    {
        var (address, size) = _functions[function];
        var start = FileOffset(address);
        if (size == 5 && _file[start] == 0xE9)
            address = (ulong)((long)address + 5 + BinaryPrimitives.ReadInt32LittleEndian(_file.AsSpan((int)start + 1)));

        var index = _fdes.BinarySearch((address, address, 0), Comparer<(ulong Start, ulong End, ulong Lsda)>.Create(
            (fde, key) => key.Start < fde.Start ? 1 : key.Start >= fde.End ? -1 : 0));
        return index >= 0 && _fdes[index].Lsda != 0 && LsdaHasCatchClause(_fdes[index].Lsda);
    }

    private void ReadSections()
    {
        var tableOffset = (long)U64(0x28);
        int entrySize = U16(0x3A), count = U16(0x3C), namesIndex = U16(0x3E);
        var raw = Enumerable.Range(0, count).Select(i => tableOffset + (long)i * entrySize).Select(at => (
            NameOffset: U32(at), Type: U32(at + 4), Address: U64(at + 16), Offset: U64(at + 24), Size: U64(at + 32), Link: U32(at + 40))).ToList();
        var names = raw[namesIndex].Offset;
        foreach (var s in raw)
            _sections.Add(new Section(CString((long)(names + s.NameOffset)), s.Type, s.Address, s.Offset, s.Size, s.Link));
    }

    private void ReadDynamicFunctions()
    {
        var symbols = SectionNamed(".dynsym");
        var strings = _sections[(int)symbols.Link];
        for (var at = (long)symbols.Offset; at < (long)(symbols.Offset + symbols.Size); at += 24)
        {
            byte info = _file[at + 4], other = _file[at + 5];
            var defined = U16(at + 6) != 0;
            var isFunction = (info & 0xf) == 2;
            var isGlobal = (info >> 4) is 1 or 2;
            if (defined && isFunction && isGlobal && (other & 3) == 0)
                _functions[CString((long)strings.Offset + U32(at))] = (U64(at + 8), U64(at + 16));
        }
    }

    // .eh_frame: a sequence of CIEs (shared augmentation: pointer encodings) and FDEs (one code range each).
    private void ReadFrameDescriptions()
    {
        var frames = SectionNamed(".eh_frame");
        var cies = new Dictionary<long, (string Augmentation, byte PointerEncoding, byte LsdaEncoding)>();
        var reader = new PointerReader(this, frames) { Position = (long)frames.Offset };
        var end = (long)(frames.Offset + frames.Size);
        while (reader.Position < end)
        {
            var entry = reader.Position;
            var length = U32(entry);
            if (length == 0)
                break;
            if (length == 0xffffffff)
                throw new NotSupportedException("64-bit DWARF .eh_frame");
            var body = entry + 4;
            var next = body + length;
            var ciePointer = U32(body);
            reader.Position = body + 4;
            if (ciePointer == 0)
            {
                var version = reader.Byte();
                var augmentation = reader.CString();
                reader.Uleb(); reader.Sleb();                      // code and data alignment
                if (version == 1) reader.Byte(); else reader.Uleb(); // return address register
                byte pointerEncoding = 0, lsdaEncoding = OmitEncoding;
                if (augmentation.StartsWith('z'))
                {
                    reader.Uleb();
                    foreach (var letter in augmentation[1..])
                    {
                        switch (letter)
                        {
                            case 'L': lsdaEncoding = reader.Byte(); break;
                            case 'R': pointerEncoding = reader.Byte(); break;
                            case 'P': reader.Pointer(reader.Byte()); break;   // personality routine: read past it
                        }
                    }
                }
                cies[entry] = (augmentation, pointerEncoding, lsdaEncoding);
            }
            else
            {
                var cie = cies[body - ciePointer];
                var start = reader.Pointer(cie.PointerEncoding);
                var range = reader.Pointer((byte)(cie.PointerEncoding & 0x0f));
                ulong lsda = 0;
                if (cie.Augmentation.StartsWith('z'))
                {
                    var dataLength = (long)reader.Uleb();
                    var data = reader.Position;
                    if (cie.LsdaEncoding != OmitEncoding)
                        lsda = reader.Pointer(cie.LsdaEncoding);
                    reader.Position = data + dataLength;
                }
                _fdes.Add((start, start + range, lsda));
            }
            reader.Position = next;
        }
        _fdes.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    // LSDA layout (Itanium C++ ABI / GCC): landing-pad base, type table, call-site table, then the action table.
    private bool LsdaHasCatchClause(ulong lsda)
    {
        var reader = new PointerReader(this, SectionContaining(lsda)) { Position = FileOffset(lsda) };
        var landingPadEncoding = reader.Byte();
        if (landingPadEncoding != OmitEncoding)
            reader.Pointer(landingPadEncoding);
        if (reader.Byte() != OmitEncoding)
            reader.Uleb();                                     // type table offset
        var callSiteEncoding = reader.Byte();
        var callSitesEnd = (long)reader.Uleb() + reader.Position;
        var actions = callSitesEnd;
        while (reader.Position < callSitesEnd)
        {
            reader.Pointer(callSiteEncoding);                  // start
            reader.Pointer(callSiteEncoding);                  // length
            reader.Pointer(callSiteEncoding);                  // landing pad
            var action = (long)reader.Uleb();
            if (action != 0 && ActionChainCatches(actions + action - 1))
                return true;
        }
        return false;
    }

    private bool ActionChainCatches(long record)
    {
        var reader = new PointerReader(this, null) { Position = record };
        while (true)
        {
            var filter = reader.Sleb();
            var displacementAt = reader.Position;
            var displacement = reader.Sleb();
            if (filter > 0)
                return true;                                   // catch clause (0 = cleanup, < 0 = exception spec)
            if (displacement == 0)
                return false;
            reader.Position = displacementAt + displacement;
        }
    }

    private Section SectionNamed(string name) =>
        _sections.FirstOrDefault(s => s.Name == name) ?? throw new InvalidDataException($"no {name} section");

    private Section SectionContaining(ulong address) =>
        _sections.FirstOrDefault(s => s.Type != SectionNoBits && s.Address != 0 && address >= s.Address && address < s.Address + s.Size)
        ?? throw new InvalidDataException($"address 0x{address:x} is in no section");

    private long FileOffset(ulong address)
    {
        var section = SectionContaining(address);
        return (long)(section.Offset + (address - section.Address));
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_file.AsSpan((int)at));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan((int)at));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(_file.AsSpan((int)at));

    private string CString(long at)
    {
        var end = Array.IndexOf(_file, (byte)0, (int)at);
        return Encoding.ASCII.GetString(_file, (int)at, end - (int)at);
    }

    private sealed record Section(string Name, uint Type, ulong Address, ulong Offset, ulong Size, uint Link);

    /// <summary>Reads DWARF data and DW_EH_PE-encoded pointers at a file offset.</summary>
    private sealed class PointerReader(ElfExceptionTables elf, Section? section)
    {
        public long Position { get; set; }

        public byte Byte() => elf._file[Position++];

        public string CString()
        {
            var text = elf.CString(Position);
            Position += text.Length + 1;
            return text;
        }

        public ulong Uleb()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                    return value;
            }
        }

        public long Sleb()
        {
            long value = 0;
            var shift = 0;
            byte b;
            do
            {
                b = Byte();
                value |= (long)(b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return shift < 64 && (b & 0x40) != 0 ? value | (-1L << shift) : value;
        }

        /// <summary>Reads a pointer in DW_EH_PE <paramref name="encoding"/>: low nibble the format, high bits how to apply it.</summary>
        public ulong Pointer(byte encoding)
        {
            var at = Position;
            ulong value = (encoding & 0x0f) switch
            {
                0x00 or 0x04 or 0x0c => Fixed(8, elf.U64),
                0x01 => Uleb(),
                0x02 => Fixed(2, p => elf.U16(p)),
                0x03 => Fixed(4, p => elf.U32(p)),
                0x09 => (ulong)Sleb(),
                0x0a => (ulong)(long)(short)Fixed(2, p => elf.U16(p)),
                0x0b => (ulong)(long)(int)Fixed(4, p => elf.U32(p)),
                _ => throw new NotSupportedException($"pointer encoding 0x{encoding:x2}"),
            };
            // pc-relative: relative to the field's own address. Other applications do not occur in the tables read
            // here, and indirect pointers (the personality routine) are only skipped, never followed.
            return (encoding & 0x70) == 0x10 ? value + AddressOf(at) : value;
        }

        private ulong Fixed(int size, Func<long, ulong> read)
        {
            var value = read(Position);
            Position += size;
            return value;
        }

        private ulong AddressOf(long fileOffset)
        {
            var s = section ?? throw new InvalidOperationException("pc-relative pointer outside a known section");
            return s.Address + (ulong)(fileOffset - (long)s.Offset);
        }
    }
}

/// <summary>
/// Finds where TorchSharp's managed code calls a native export, and whether each call is followed by
/// <c>torch.CheckForErrors()</c>, the only place an error parked by the native side (or by the guard) is turned into an
/// exception.
/// </summary>
internal static class TorchSharpCallSites
{
    // A checking caller stores the result, maybe compares it (or two out-values) with IntPtr.Zero, then calls
    // CheckForErrors: a dozen IL instructions at most.
    private const int CheckWindow = 12;

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<CallSite>>> All = new(Scan);
    private static readonly Dictionary<short, OpCode> OneByte = [];
    private static readonly Dictionary<short, OpCode> TwoByte = [];

    static TorchSharpCallSites()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            (code.Size == 1 ? OneByte : TwoByte)[(short)(code.Value & 0xff)] = code;
        }
    }

    internal sealed record CallSite(string Caller, bool ChecksErrors);

    /// <summary>Native exports TorchSharp declares with <c>DllImport("LibTorchSharp")</c>.</summary>
    public static IReadOnlySet<string> Imported { get; } = ImportedExports();

    /// <summary>Every call TorchSharp makes to <paramref name="export"/> (empty when it never calls it).</summary>
    public static IReadOnlyList<CallSite> Of(string export) => All.Value.TryGetValue(export, out var sites) ? sites : [];

    private static HashSet<string> ImportedExports() =>
        TorchSharpMethods()
            .Select(method => (method, import: method.GetCustomAttribute<DllImportAttribute>()))
            .Where(m => m.import?.Value == "LibTorchSharp")
            .Select(m => m.import!.EntryPoint ?? m.method.Name)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<MethodBase> TorchSharpMethods()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        Type?[] types;
        try
        {
            types = typeof(TorchSharp.torch).Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;   // a missing optional dependency (e.g. Google.Protobuf) hides a few types, not the P/Invokes
        }
        foreach (var type in types.OfType<Type>())
        {
            foreach (var method in type.GetMethods(all))
                yield return method;
            foreach (var constructor in type.GetConstructors(all))
                yield return constructor;
        }
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<CallSite>> Scan()
    {
        var sites = new Dictionary<string, List<CallSite>>(StringComparer.Ordinal);
        foreach (var method in TorchSharpMethods())
        {
            var calls = Calls(method).ToList();
            for (var i = 0; i < calls.Count; i++)
            {
                if (calls[i].Export is not { } export)
                    continue;
                var checks = calls.Skip(i + 1).TakeWhile(c => c.Index - calls[i].Index <= CheckWindow)
                    .Any(c => c.Callee is { Name: "CheckForErrors", DeclaringType.Name: "torch" });
                if (!sites.TryGetValue(export, out var list))
                    sites[export] = list = [];
                list.Add(new CallSite($"{method.DeclaringType?.FullName}.{method.Name}", checks));
            }
        }
        return sites.ToDictionary(p => p.Key, p => (IReadOnlyList<CallSite>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The method's call instructions, with their instruction index and, for P/Invokes, the native export.</summary>
    private static IEnumerable<(int Index, MethodBase? Callee, string? Export)> Calls(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
        {
            yield break;
        }
        if (il is null)
            yield break;

        var index = 0;
        for (var at = 0; at < il.Length; index++)
        {
            var code = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += code.Size;
            var operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)),
                _ => 4,
            };
            if (code == OpCodes.Call || code == OpCodes.Callvirt)
            {
                var callee = Resolve(method, BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)));
                var import = callee?.GetCustomAttribute<DllImportAttribute>();
                yield return (index, callee, import?.Value == "LibTorchSharp" ? import.EntryPoint ?? callee!.Name : null);
            }
            at += operand;
        }
    }

    private static MethodBase? Resolve(MethodBase method, int token)
    {
        try
        {
            return method.Module.ResolveMethod(token,
                method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null,
                method.IsGenericMethod ? method.GetGenericArguments() : null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
