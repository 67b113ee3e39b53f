using System.Text.Json;

namespace DeepArch.Notebooks.Engine;

/// <summary>
/// The NuGet packages this process carries (from its <c>.deps.json</c>), so that <c>#r "nuget: Name, Version"</c>
/// resolves offline to the very assemblies the host already uses: nothing is downloaded and nothing is loaded twice.
/// </summary>
internal sealed class PackageCatalog
{
    private readonly Dictionary<string, Package> _packages;
    private readonly Dictionary<string, string> _assemblyPaths;
    private readonly string[] _offered;

    private sealed record Package(string Name, string Version, string[] Dependencies, string[] Assemblies);

    private PackageCatalog(Dictionary<string, Package> packages, Dictionary<string, string> assemblyPaths, string[] offered)
    {
        _packages = packages;
        _assemblyPaths = assemblyPaths;
        _offered = offered;
    }

    private static readonly Lazy<PackageCatalog> CurrentProcess = new(() =>
    {
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';').FirstOrDefault(File.Exists);
        return deps is null ? new PackageCatalog([], [], []) : Load(deps, AppContext.BaseDirectory);
    });

    /// <summary>The packages of the running application.</summary>
    public static PackageCatalog ForCurrentProcess() => CurrentProcess.Value;

    /// <summary>Reads a <c>.deps.json</c>; assemblies are looked for in <paramref name="assemblyDirectory"/>.</summary>
    public static PackageCatalog Load(string depsJsonPath, string assemblyDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(depsJsonPath));
        var root = doc.RootElement;
        var kinds = root.GetProperty("libraries").EnumerateObject()
            .ToDictionary(l => l.Name, l => l.Value.TryGetProperty("type", out var t) ? t.GetString() : null);
        // A RID-specific publish lists two targets, the first empty: the runtime reads the one runtimeTarget names.
        var targets = root.GetProperty("targets");
        var target = root.TryGetProperty("runtimeTarget", out var runtimeTarget)
                     && runtimeTarget.TryGetProperty("name", out var targetName)
                     && targets.TryGetProperty(targetName.GetString() ?? "", out var named)
            ? named
            : targets.EnumerateObject().First().Value;

        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var offered = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.EnumerateObject())
        {
            var slash = library.Name.IndexOf('/');
            var (name, version) = (library.Name[..slash], library.Name[(slash + 1)..]);
            var dependencies = library.Value.TryGetProperty("dependencies", out var d)
                ? d.EnumerateObject().Select(p => p.Name).ToArray()
                : [];
            var assemblies = new List<string>();
            if (library.Value.TryGetProperty("runtime", out var runtime))
            {
                foreach (var file in runtime.EnumerateObject())
                {
                    var path = Path.Combine(assemblyDirectory, Path.GetFileName(file.Name));
                    if (!file.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
                        continue;
                    assemblies.Add(path);
                    paths[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }
            var kind = kinds.GetValueOrDefault(library.Name);
            if (kind == "package")
                packages[name] = new Package(name, version, dependencies, [.. assemblies]);
            else if (kind == "project")
                offered.UnionWith(dependencies);
        }
        offered.RemoveWhere(n => !packages.ContainsKey(n));
        return new PackageCatalog(packages, paths, [.. offered.Select(n => $"{packages[n].Name} {packages[n].Version}")]);
    }

    /// <summary>"Name Version" of the packages the host's projects reference directly: what notebooks are expected to ask for.</summary>
    public IReadOnlyList<string> Offered => _offered;

    /// <summary>
    /// The assembly files of a carried package and of the packages it depends on. A package that is not carried, or is
    /// carried in another version, throws a <see cref="DirectiveException"/> that lists what is available.
    /// </summary>
    public IReadOnlyList<string> Resolve(string name, string? version)
    {
        if (!_packages.TryGetValue(name, out var package))
            throw new DirectiveException($"NuGet package '{name}' is not available: this engine carries its packages and downloads none. Available: {string.Join(", ", _offered)}.");
        if (!string.IsNullOrEmpty(version) && version != "*" && !string.Equals(version, package.Version, StringComparison.OrdinalIgnoreCase))
            throw new DirectiveException($"NuGet package '{name}' version {version} is not available; this engine carries {package.Name} {package.Version}. Available: {string.Join(", ", _offered)}.");

        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([package.Name]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next) || !_packages.TryGetValue(next, out var p))
                continue;
            result.AddRange(p.Assemblies);
            foreach (var dependency in p.Dependencies)
                pending.Push(dependency);
        }
        return result;
    }

    /// <summary>The host's own copy of an assembly with this simple name, if it carries one.</summary>
    public string? FindAssembly(string simpleName) => _assemblyPaths.GetValueOrDefault(simpleName);
}
