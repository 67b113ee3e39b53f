using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DeepArch.Models;
using DeepArch.Models.Analysis;
using Spectre.Console;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch zoo</c>: every course model with its parameters, shapes, MACs and where its parameters are.</summary>
internal static class ZooCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of objects instead of a table." };
        var command = new Command("zoo",
            "List the course's models: parameters, input and output shapes, multiply-accumulates of one forward pass " +
            "(traced from the layers) and the share of parameters in convolution and dense layers.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                var rows = ModelZoo.Models.Select(model => Row.Of(model, model.Summarize())).ToList();
                Console.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            }
            else
                AnsiConsole.Write(Table(Summaries()));
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // Models are built, traced and released one at a time, so memory holds one model at most. In a terminal a status
    // line says which one is being built (AlexNet and the VGGs allocate 0.25 to 0.6 GB each); redirected output
    // gets only the table.
    private static List<(ZooModel Model, ModelSummary Summary)> Summaries()
    {
        var results = new List<(ZooModel, ModelSummary)>();
        void SummarizeAll(Action<string> report)
        {
            foreach (var model in ModelZoo.Models)
            {
                report($"Building and tracing {model.Name}…");
                results.Add((model, model.Summarize()));
            }
        }
        if (AnsiConsole.Profile.Capabilities.Interactive)
            AnsiConsole.Status().Start("Building models…", context => SummarizeAll(status => context.Status(status)));
        else
            SummarizeAll(_ => { });
        return results;
    }

    private static Table Table(IEnumerable<(ZooModel Model, ModelSummary Summary)> summaries)
    {
        // No border keeps the table within 80 columns, so numbers never wrap.
        var table = new Table().Border(TableBorder.None)
            .AddColumn(new TableColumn("Name").NoWrap())
            .AddColumn(new TableColumn("Parameters").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Input").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Output").RightAligned().NoWrap())
            .AddColumn(new TableColumn("MACs").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Conv").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Dense").RightAligned().NoWrap());
        foreach (var (model, s) in summaries)
            table.AddRow(
                Markup.Escape(model.Name), Invariant($"{s.Parameters:N0}"),
                Shape(s.InputShape), Shape(s.OutputShape), Macs(s.Macs),
                Invariant($"{s.ConvolutionShare:P1}"), Invariant($"{s.DenseShare:P1}"));
        table.Caption("MACs: multiply-accumulates per sample (convolution and dense layers).");
        return table;
    }

    private static string Shape(IReadOnlyList<long> shape) => string.Join('×', shape);

    private static string Macs(long macs) => macs switch
    {
        >= 1_000_000_000 => Invariant($"{macs / 1e9:0.00} G"),
        >= 1_000_000 => Invariant($"{macs / 1e6:0.0} M"),
        _ => Invariant($"{macs / 1e3:0.0} k"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One object of <c>--json</c>'s array; shares are fractions of the parameters.</summary>
    private sealed record Row(string Name, string Title, long Parameters, IReadOnlyList<long> Input, IReadOnlyList<long> Output,
        long Macs, double ConvShare, double DenseShare)
    {
        public static Row Of(ZooModel model, ModelSummary s) => new(model.Name, model.Title, s.Parameters, s.InputShape,
            s.OutputShape, s.Macs, Math.Round(s.ConvolutionShare, 6), Math.Round(s.DenseShare, 6));
    }
}
