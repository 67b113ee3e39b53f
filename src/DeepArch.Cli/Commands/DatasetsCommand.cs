using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepArch.Data;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch datasets list|fetch</c>: the dataset catalogue, and downloading real datasets into the cache.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var list = new Command("list", "List the course datasets: name, kind, download size, licence, and whether a real one is cached.")
        {
            json, DataRootOption(),
        };
        list.SetAction(parse =>
        {
            var root = DataRoot.Resolve(parse.GetValue<string?>("--data-root"));
            var rows = DatasetCatalog.All.Select(entry => new Row(entry.Name, entry.Kind.ToString().ToLowerInvariant(),
                entry.DownloadBytes, entry.Licence, entry.IsCached(root), entry.Description)).ToList();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions
                {
                    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // plain « × » and « + » for people and scripts alike
                }));
            else
                PrintTable(rows, root);
            return 0;
        });

        var name = new Argument<string>("name") { Description = "The dataset to download, e.g. mnist (see `deeparch datasets list`)." };
        var fetch = new Command("fetch", "Download a real dataset into the data root and verify its SHA-256; does nothing when it is already there.")
        {
            name, DataRootOption(),
        };
        fetch.SetAction((parse, cancellationToken) =>
        {
            var entry = DatasetCatalog.Find(parse.GetValue(name)!);
            var root = parse.GetValue<string?>("--data-root");
            if (entry.Remote is not { } remote)
            {
                Console.WriteLine($"{entry.Name} is synthetic: nothing to download, generate it with {entry.Usage}.");
                return Task.FromResult(0);
            }
            if (remote.IsPresent(root))
            {
                Console.WriteLine($"{entry.Name}: already in {remote.FolderIn(root)}");
                return Task.FromResult(0);
            }
            var folder = remote.Fetch(root, TextProgressBar.ForConsole(), cancellationToken);
            Console.WriteLine($"{entry.Name}: downloaded and verified into {folder}");
            return Task.FromResult(0);
        });

        return new Command("datasets", "The course datasets: list them, download real ones into the cache.") { list, fetch };
    }

    // One instance per verb: System.CommandLine attaches an option to a single parent.
    private static Option<string?> DataRootOption() => new("--data-root", "--root")
    {
        Description = $"Data root folder (default: ${DataRoot.EnvironmentVariable}, else datasets/cache/ of the checkout, else the per-user cache).",
    };

    private static void PrintTable(List<Row> rows, string root)
    {
        Console.WriteLine($"Data root: {root}");
        Console.WriteLine($"{"NAME",-18} {"KIND",-10} {"SIZE",9}  {"CACHED",-6}  LICENCE");
        foreach (var row in rows)
        {
            var size = row.DownloadBytes is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB") : "-";
            var cached = row.Cached switch { true => "yes", false => "no", null => "-" };
            Console.WriteLine($"{row.Name,-18} {row.Kind,-10} {size,9}  {cached,-6}  {row.Licence}");
        }
    }

    private sealed record Row(string Name, string Kind, long? DownloadBytes, string Licence, bool? Cached, string Description);
}
