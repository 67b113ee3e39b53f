using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>A recipe with its model built and its data loaded, ready to <see cref="Train"/>. Owns the data.</summary>
public sealed class PreparedRecipe : IDisposable
{
    private const string TrainPrefix = "train_";
    private const string TestPrefix = "test_";

    /// <summary>Checkpoint metric: wall-clock seconds of training so far (validation included), resumed runs added up.</summary>
    public const string TrainingSecondsMetric = "training_seconds";
    private readonly RecipeOptions _options;
    private readonly RecipeData _data;
    private readonly Device _device;

    internal PreparedRecipe(Recipe recipe, RecipeOptions options, nn.Module<Tensor, Tensor> model, RecipeData data, Device device)
    {
        Recipe = recipe;
        _options = options;
        Model = model;
        _data = data;
        _device = device;
    }

    /// <summary>The recipe.</summary>
    public Recipe Recipe { get; }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Training batches; the test set comes as validation batches.</summary>
    public DataModule Data => _data.Module;

    /// <summary>Training images.</summary>
    public long TrainSamples => _data.TrainSamples;

    /// <summary>Test images.</summary>
    public long TestSamples => _data.TestSamples;

    /// <summary>Whether the data are synthetic stand-ins for the recipe's dataset.</summary>
    public bool Synthetic => _data.Synthetic;

    /// <summary>The device it trains on.</summary>
    public Device Device => _device;

    /// <summary>Epochs the run will reach.</summary>
    public int Epochs => _options.Epochs ?? Recipe.Defaults.Epochs;

    /// <summary>
    /// Epochs already done: 0, or after <see cref="Train"/> has loaded a checkpoint to resume, its epoch. Observers of
    /// the trainer add it to the trainer's epoch numbers, which restart from 1.
    /// </summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>
    /// Trains up to <see cref="Epochs"/>, writing the checkpoint (when <see cref="RecipeOptions.CheckpointPath"/> is
    /// set) after every epoch with its epoch number and its train and test metrics. When resuming, the checkpoint's
    /// weights and optimizer state are loaded first and the epoch count continues from its epoch; a checkpoint already at
    /// <see cref="Epochs"/> trains nothing and reports its own metrics.
    /// </summary>
    /// <param name="observe">Called with the trainer before it starts, e.g. to subscribe to its progress events.</param>
    /// <exception cref="CheckpointException">There is no checkpoint to resume, or it belongs to another recipe or model.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (a metric became infinite or NaN); no checkpoint is written then.</exception>
    public RecipeResult Train(Action<Trainer>? observe = null)
    {
        var path = _options.CheckpointPath;
        var trainedSeconds = 0.0;
        if (_options.Resume)
        {
            if (path is null)
                throw new InvalidOperationException("Resuming needs a checkpoint path.");
            if (!File.Exists(path))
                throw new CheckpointException($"Nothing to resume: there is no checkpoint at {path} (train once without resuming to create it).");
            var info = Checkpoint.Inspect(path);
            if (info.Recipe != Recipe.Name)
                throw new CheckpointException($"{path} was written by {info.Recipe ?? "no recipe"}, not by {Recipe.Name}: it cannot be resumed here.");
            Checkpoint.Load(Model, path);
            CompletedEpochs = info.Epoch;
            trainedSeconds = info.Metrics.GetValueOrDefault(TrainingSecondsMetric);
            if (CompletedEpochs >= Epochs)
                return FromCheckpoint(info);
        }

        var stepsPerEpoch = Data.TrainBatchCount ?? throw new InvalidOperationException($"{Data.GetType().Name} does not say how many batches an epoch has.");
        var learner = Recipe.CreateTrainingLearner(Model, _options.LearningRate ?? Recipe.Defaults.LearningRate,
            totalSteps: Epochs * stepsPerEpoch, completedSteps: CompletedEpochs * stepsPerEpoch);
        // AdamW's moments and step counts continue too (checkpoints of format 1 have none: they restart from zero).
        // Learners with their own optimisers (GANs) have none here: theirs restart from zero.
        if (_options.Resume && CompletedEpochs > 0)
        {
            Model.to(_device);   // the optimizer is created over the parameters the trainer trains, on their device
            if (learner.Optimizer is { } optimizer)
                Checkpoint.LoadOptimizer(optimizer, path!);
        }
        var trainer = new Trainer(new TrainerOptions { Epochs = Epochs - CompletedEpochs, Device = _device });
        trainer.EpochCompleted += (_, epoch) =>
        {
            trainedSeconds += epoch.Duration.TotalSeconds;
            var metrics = CheckpointMetrics(epoch, trainedSeconds);
            if (metrics.FirstOrDefault(kv => !double.IsFinite(kv.Value)) is { Key: { } name, Value: var value })
                throw new InvalidOperationException(
                    $"{Recipe.Name} diverged in epoch {CompletedEpochs + epoch.Epoch}: {name} is {value}. Lower the learning rate " +
                    $"(it peaked at {learner.LearningRate}).");
            if (path is not null)
                Checkpoint.Save(Model, path, CompletedEpochs + epoch.Epoch, metrics, Recipe.Name, learner.Optimizer);
        };
        observe?.Invoke(trainer);

        var history = trainer.Fit(learner, Data);
        var last = history.Last;
        var tokens = Recipe.TokensPerStep(_options.BatchSize ?? Recipe.Defaults.BatchSize) * stepsPerEpoch * history.Epochs.Count;
        return new RecipeResult(Recipe.Name, Recipe.Dataset, Synthetic, TrainSamples, TestSamples, CompletedEpochs,
            CompletedEpochs + history.Epochs.Count, history.Duration.TotalSeconds, last.Train[MetricNames.Loss], last.Validation, history)
        {
            Figures = Recipe.Measure(Model, _data, _options, last.Validation),
            TokensPerSecond = tokens / history.Duration.TotalSeconds,
        };
    }

    /// <summary>Releases the data (the model stays usable).</summary>
    public void Dispose()
    {
        foreach (var owner in _data.Owners)
            owner.Dispose();
    }

    private static Dictionary<string, double> CheckpointMetrics(EpochSummary epoch, double trainedSeconds) =>
        epoch.Train.Select(kv => (TrainPrefix + kv.Key, kv.Value))
            .Concat(epoch.Validation.Select(kv => (TestPrefix + kv.Key, kv.Value)))
            .Append((TrainingSecondsMetric, trainedSeconds))
            .ToDictionary(kv => kv.Item1, kv => kv.Item2, StringComparer.Ordinal);

    private RecipeResult FromCheckpoint(CheckpointInfo info)
    {
        var test = info.Metrics.Where(kv => kv.Key.StartsWith(TestPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[TestPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        return new RecipeResult(Recipe.Name, Recipe.Dataset, Synthetic, TrainSamples, TestSamples, info.Epoch, info.Epoch, 0,
            info.Metrics.GetValueOrDefault(TrainPrefix + MetricNames.Loss, double.NaN), test, new TrainingHistory())
        {
            Figures = Recipe.Measure(Model, _data, _options, test),
        };
    }
}
