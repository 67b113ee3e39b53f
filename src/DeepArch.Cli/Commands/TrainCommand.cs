using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepArch.Sequences;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using Spectre.Console;

namespace DeepArch.Cli.Commands;

/// <summary>
/// <c>deeparch train RECIPE</c>: runs a training recipe, writing <c>OUT/RECIPE.ckpt</c> after every epoch. Real datasets
/// are read from the data root and never downloaded unless <c>--download</c> is given; <c>--synthetic N</c> trains the
/// same model on generated stand-in data, offline, in seconds.
/// </summary>
internal static class TrainCommand
{
    public const string DefaultOut = "artifacts/checkpoints";

    public static Command Create()
    {
        var recipe = new Argument<string>("recipe")
        {
            Description = $"The recipe: {string.Join(", ", RecipeCatalog.All.Select(r => r.Name))}.",
        };
        var dataRoot = new Option<string?>("--data-root")
        {
            Description = "Folder holding the real dataset (e.g. ROOT/mnist/); read from there (nothing is downloaded without --download). " +
                          "Default: $DEEPARCH_DATA, else datasets/cache/ of the checkout, else the per-user cache.",
        };
        var download = new Option<bool>("--download")
        {
            Description = "Download the real dataset when it is missing (off by default: fetch it once with `deeparch datasets fetch NAME`).",
        };
        var synthetic = new Option<int?>("--synthetic")
        {
            HelpName = "N",
            Description = "Train on N generated images (and N/4 test images) shaped like the dataset's: offline, seconds, for smoke tests.",
        };
        var epochs = new Option<int?>("--epochs") { Description = "Total epochs to reach (resumed epochs count). Default: the recipe's." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Samples per batch. Default: the recipe's." };
        var learningRate = new Option<double?>("--lr") { Description = "Peak learning rate of the one-cycle schedule. Default: the recipe's." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda, cuda:N or auto (default: $DEEPARCH_DEVICE, else cuda when available)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights, data order and augmentation.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Folder of the checkpoint RECIPE.ckpt.", DefaultValueFactory = _ => DefaultOut };
        var resume = new Option<bool>("--resume") { Description = "Load OUT/RECIPE.ckpt and continue from its epoch up to --epochs." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results instead of progress and a summary." };

        var command = new Command("train",
            "Train a course model with one of its recipes; writes a checkpoint after every epoch (atomically) that notebooks can load.")
        {
            recipe, dataRoot, download, synthetic, epochs, batchSize, learningRate, device, seed, output, resume, json,
        };
        command.SetAction(parse =>
        {
            var chosen = RecipeCatalog.Find(parse.GetValue(recipe)!);
            var checkpoint = Path.GetFullPath(Path.Combine(parse.GetValue(output)!, chosen.Name + ".ckpt"));
            var options = new RecipeOptions
            {
                DataRoot = parse.GetValue(dataRoot),
                Download = parse.GetValue(download),
                SyntheticSamples = parse.GetValue(synthetic),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Device = parse.GetValue(device),
                Seed = parse.GetValue(seed),
                CheckpointPath = checkpoint,
                Resume = parse.GetValue(resume),
            };
            return Train(chosen, options, parse.GetValue(json));
        });
        return command;
    }

    private static int Train(Recipe recipe, RecipeOptions options, bool json)
    {
        using var prepared = recipe.Prepare(options);
        var interactive = !json && AnsiConsole.Profile.Capabilities.Interactive;
        var device = prepared.Device.type.ToString().ToLowerInvariant();
        if (!json)
            Console.WriteLine(Invariant(
                $"{recipe.Name}: {Describe(prepared)}, {prepared.TrainSamples:N0} training / {prepared.TestSamples:N0} test images, on {device}"));

        var result = interactive
            ? AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context => prepared.Train(trainer => ShowProgress(trainer, prepared, context)))
            : prepared.Train(trainer => { if (!json) PrintEpochs(trainer, prepared); });

        if (result.History.Epochs.Count == 0)
        {
            var message = $"{recipe.Name}: {options.CheckpointPath} is already at epoch {result.Epochs} of {prepared.Epochs}; " +
                          "nothing to train (raise --epochs to train further).";
            (json ? Console.Error : Console.Out).WriteLine(message);
        }
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(Report.Of(result, recipe, device, options.CheckpointPath!, prepared.Model.parameters().Where(p => p.requires_grad).Sum(p => p.numel())), CliJson.Options));
        else
            Console.WriteLine(Invariant(
                $"{recipe.Name}: epoch {result.Epochs}, train loss {result.FinalTrainLoss:0.0000}, {Metric(recipe.TestMetric, result.Test)} ({result.Seconds:0.0} s){Skipped(result)}; checkpoint {options.CheckpointPath}"));
        if (!json && result.Figures.Count > 0)
            Console.WriteLine(string.Join(", ", result.Figures.Select(kv => Invariant($"{kv.Key} {kv.Value:0.####}"))));
        return 0;
    }

    /// <summary>Updates the learner skipped for NaN gradients (see <see cref="Learner.TrainingStep"/>), when there were any.</summary>
    private static string Skipped(RecipeResult result) =>
        result.History.SkippedSteps == 0 ? "" : $", {result.History.SkippedSteps} step(s) skipped for NaN gradients";

    private static void ShowProgress(Trainer trainer, PreparedRecipe prepared, ProgressContext context)
    {
        var steps = prepared.Data.TrainBatchCount ?? 1;
        var offset = prepared.CompletedEpochs;
        var task = context.AddTask(Label(offset + 1, prepared.Epochs, null), maxValue: (double)(prepared.Epochs - offset) * steps);
        trainer.StepCompleted += (_, progress) =>
        {
            task.Value = (progress.Epoch - 1) * (double)steps + progress.Step;
            task.Description = Label(offset + progress.Epoch, prepared.Epochs, progress.Running.GetValueOrDefault(MetricNames.Loss));
        };
        trainer.EpochCompleted += (_, epoch) =>
        {
            task.Value = epoch.Epoch * (double)steps;
            task.Description = Label(Math.Min(offset + epoch.Epoch + 1, prepared.Epochs), prepared.Epochs, null);
            context.Refresh();
            AnsiConsole.MarkupLine(Markup.Escape(EpochLine(offset + epoch.Epoch, prepared, epoch)));
        };
    }

    private static void PrintEpochs(Trainer trainer, PreparedRecipe prepared) =>
        trainer.EpochCompleted += (_, epoch) => Console.WriteLine(EpochLine(prepared.CompletedEpochs + epoch.Epoch, prepared, epoch));

    private static string EpochLine(int epoch, PreparedRecipe prepared, EpochSummary summary) =>
        Invariant($"epoch {epoch}/{prepared.Epochs}: train loss {summary.Train[MetricNames.Loss]:0.0000}, ") +
        Invariant($"{Metric(prepared.Recipe.TestMetric, summary.Validation)} ({summary.Duration.TotalSeconds:0.0} s)");

    private static string Label(int epoch, int epochs, double? loss) =>
        loss is { } l ? Invariant($"epoch {epoch}/{epochs} loss {l:0.000}") : Invariant($"epoch {epoch}/{epochs}");

    private static string Metric(string name, IReadOnlyDictionary<string, double> test) =>
        test.TryGetValue(name, out var value)
            ? name == MetricNames.Accuracy ? Invariant($"test accuracy {value:P2}") : Invariant($"test {name} {value:0.0000}")
            : "no test metric";

    private static string Describe(PreparedRecipe prepared) =>
        prepared.Synthetic ? $"synthetic stand-in for {prepared.Recipe.Dataset}" : prepared.Recipe.Dataset;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>--json</c> object; the test metric fields present are those of the recipe's task.</summary>
    private sealed record Report(
        string Recipe, string Dataset, bool Synthetic, string Device, long TrainSamples, long TestSamples, int StartEpoch, int Epochs,
        double Seconds, double FinalTrainLoss, double? TestLoss, string Checkpoint)
    {
        /// <summary>Updates skipped because a gradient was NaN while the loss was finite.</summary>
        public long SkippedSteps { get; init; }

        /// <summary>Trainable parameters of the model (a frozen weight average, as in dcgan-mnist, is not counted).</summary>
        public long Parameters { get; init; }

        /// <summary>The test (validation) loss after each epoch of this run: [seconds since the start, loss].</summary>
        public IReadOnlyList<double[]> Curve { get; init; } = [];

        /// <summary>Sequence models: validation loss in nats per character or word token (the test loss).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? ValLossNats { get; init; }

        /// <summary>Language models: validation loss in bits per character.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? ValBitsPerChar { get; init; }

        /// <summary>Sequence models: tokens trained on per second of the run, validation passes included.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? TokensPerSecond { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? TestAccuracy { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? TestIou { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? TestPixelAccuracy { get; init; }

        /// <summary>The recipe's further figures (<see cref="RecipeResult.Figures"/>), as top-level fields.</summary>
        [JsonExtensionData]
        public Dictionary<string, object>? Figures { get; init; }

        /// <summary>Every test metric the recipe's learner reports (e.g. <c>bits_per_dim</c>, <c>nll_nats</c> for pixelrnn-mnist).</summary>
        public IReadOnlyDictionary<string, double> TestMetrics { get; init; } = new Dictionary<string, double>();

        public static Report Of(RecipeResult result, Recipe recipe, string device, string checkpoint, long parameters) =>
            new(result.Recipe, result.Dataset, result.Synthetic, device, result.TrainSamples, result.TestSamples, result.StartEpoch,
                result.Epochs, Math.Round(result.Seconds, 3), result.FinalTrainLoss, Get(result, MetricNames.Loss), checkpoint)
            {
                SkippedSteps = result.History.SkippedSteps,
                Parameters = parameters,
                Curve = LossCurve(result.History),
                ValLossNats = result.TokensPerSecond is not null ? Get(result, MetricNames.Loss) : null,
                ValBitsPerChar = Get(result, CharLanguageModelLearner.BitsPerChar),
                TokensPerSecond = result.TokensPerSecond is { } rate ? Math.Round(rate, 1) : null,
                TestAccuracy = recipe.TestMetric == MetricNames.Accuracy ? Get(result, MetricNames.Accuracy) : null,
                TestIou = Get(result, Segmenter.IoU),
                TestPixelAccuracy = Get(result, Segmenter.PixelAccuracy),
                Figures = result.Figures.Count == 0 ? null : result.Figures.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
                TestMetrics = result.Test,
            };

        private static double[][] LossCurve(TrainingHistory history)
        {
            var seconds = 0.0;
            return history.Epochs.Select(epoch =>
            {
                seconds += epoch.Duration.TotalSeconds;
                return new[] { Math.Round(seconds, 3), epoch.Validation.GetValueOrDefault(MetricNames.Loss, double.NaN) };
            }).ToArray();
        }

        private static double? Get(RecipeResult result, string metric) => result.Test.TryGetValue(metric, out var value) ? value : null;
    }
}
