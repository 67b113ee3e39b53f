using DeepArch.Notebooks.Engine;

namespace DeepArch.Notebooks.Tests.Engine;

public sealed class PackageCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deeparch-deps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The shape `dotnet publish -r linux-x64 --self-contained` writes: an empty framework target first, then the
    // RID-specific one that runtimeTarget names and that holds every package.
    private const string PublishedDeps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0/linux-x64", "signature": "" },
          "targets": {
            ".NETCoreApp,Version=v10.0": {},
            ".NETCoreApp,Version=v10.0/linux-x64": {
              "App/1.0.0": { "dependencies": { "Lib": "2.0.0" }, "runtime": { "App.dll": {} } },
              "Lib/2.0.0": { "dependencies": { "Dep": "1.1.0" }, "runtime": { "lib/net8.0/Lib.dll": {} } },
              "Dep/1.1.0": { "runtime": { "lib/net8.0/Dep.dll": {} } }
            }
          },
          "libraries": {
            "App/1.0.0": { "type": "project" },
            "Lib/2.0.0": { "type": "package" },
            "Dep/1.1.0": { "type": "package" }
          }
        }
        """;

    [Fact]
    public void A_published_deps_file_offers_the_packages_of_the_target_runtimeTarget_names()
    {
        var deps = Path.Combine(_folder, "App.deps.json");
        File.WriteAllText(deps, PublishedDeps);
        foreach (var file in new[] { "Lib.dll", "Dep.dll" })
            File.WriteAllText(Path.Combine(_folder, file), "");

        var catalog = PackageCatalog.Load(deps, _folder);

        Assert.Equal(["Lib 2.0.0"], catalog.Offered);
        Assert.Equal([Path.Combine(_folder, "Lib.dll"), Path.Combine(_folder, "Dep.dll")], catalog.Resolve("Lib", "2.0.0"));
    }
}
