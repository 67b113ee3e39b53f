using DeepArch.Data;
using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// A training recipe: a model, a dataset and the settings that train one on the other, as <c>deeparch train</c>
/// runs it and a notebook can (<c>RecipeCatalog.Find("lenet5-mnist").Prepare(new RecipeOptions()).Train()</c>), so
/// an instructor's pretrained checkpoint and a student's live run are the same thing. Every recipe trains with AdamW
/// under a one-cycle learning-rate schedule (Smith &amp; Topin 2017), which reaches good accuracy in few epochs.
/// </summary>
public abstract class Recipe
{
    private protected Recipe()
    {
    }

    /// <summary>The name <c>deeparch train</c> takes, e.g. <c>lenet5-mnist</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The dataset's catalogue name, e.g. <c>mnist</c>.</summary>
    public abstract string Dataset { get; }

    /// <summary>One line saying what is trained on what.</summary>
    public abstract string Description { get; }

    /// <summary>The settings used where <see cref="RecipeOptions"/> leaves them out.</summary>
    public abstract RecipeDefaults Defaults { get; }

    /// <summary>The validation metric that says how good the model is: <see cref="MetricNames.Accuracy"/> or <see cref="Segmenter.IoU"/>.</summary>
    public abstract string TestMetric { get; }

    /// <summary>A freshly initialised model of this recipe (load a checkpoint into it with <see cref="Checkpoint.Load"/>).</summary>
    public abstract nn.Module<Tensor, Tensor> CreateModel();

    /// <summary>Seeds, builds the model and loads (or generates) the data; the result owns both.</summary>
    /// <exception cref="FileNotFoundException">The real dataset is missing and <see cref="RecipeOptions.Download"/> is off.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PreparedRecipe Prepare(RecipeOptions? options = null)
    {
        options ??= new RecipeOptions();
        if (options.SyntheticSamples is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"The number of synthetic samples must be at least 1; got {options.SyntheticSamples}.");
        if (options.Epochs is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"The number of epochs must be at least 1; got {options.Epochs}.");
        if (options.BatchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"The batch size must be at least 1; got {options.BatchSize}.");
        if (options.LearningRate is not null and not > 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"The learning rate must be positive; got {options.LearningRate}.");
        var device = Devices.Select(options.Device);
        var data = LoadData(options, options.BatchSize ?? Defaults.BatchSize);
        Seeding.Seed(options.Seed);
        return new PreparedRecipe(this, options, CreateModel(), data, device);
    }

    /// <summary>The learner that trains <paramref name="model"/>: a <see cref="Classifier"/> or a <see cref="Segmenter"/>.</summary>
    internal abstract Learner CreateLearner(nn.Module<Tensor, Tensor> model);

    /// <summary>
    /// The learner that runs the whole optimisation: by default <see cref="CreateLearner"/>'s, wrapped in the recipes'
    /// AdamW under a one-cycle schedule (<see cref="OneCycleLearner"/>). Recipes whose model needs its own optimisers
    /// (a GAN's two players) return their learner as it is.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="learningRate">The run's (peak) learning rate.</param>
    /// <param name="totalSteps">Optimisation steps of the whole run.</param>
    /// <param name="completedSteps">Steps a resumed run has already taken.</param>
    internal virtual Learner CreateTrainingLearner(nn.Module<Tensor, Tensor> model, double learningRate, int totalSteps, int completedSteps) =>
        new OneCycleLearner(CreateLearner(model), learningRate, Defaults.WeightDecay, totalSteps, completedSteps,
            warmupFraction: WarmupFraction) { DecayMatricesOnly = DecayMatricesOnly };

    /// <summary>Whether weight decay spares biases and normalisation parameters (<see cref="OneCycleLearner.DecayMatricesOnly"/>).</summary>
    internal virtual bool DecayMatricesOnly => false;

    internal abstract RecipeData LoadData(RecipeOptions options, int batchSize);

    /// <summary>
    /// Figures measured on the trained model besides the test metrics, reported in <see cref="RecipeResult.Figures"/>
    /// (and by <c>deeparch train --json</c> under these snake_case names); none by default. Generative recipes add
    /// the yardstick's figures here.
    /// </summary>
    internal virtual IReadOnlyDictionary<string, double> Measure(
        nn.Module<Tensor, Tensor> model, RecipeData data, RecipeOptions options, IReadOnlyDictionary<string, double> test) =>
        new Dictionary<string, double>();

    /// <summary>Share of the one-cycle schedule spent warming the learning rate up (OneCycleLR's <c>pct_start</c>).</summary>
    internal virtual double WarmupFraction => 0.3;

    /// <summary>Tokens (characters, words) one training step predicts, for sequence models; <c>null</c> for the others.</summary>
    internal virtual long? TokensPerStep(int batchSize) => null;

    /// <summary>Test images of a synthetic stand-in: a quarter of the training images, at least one.</summary>
    private protected static int SyntheticTestSamples(int trainSamples) => Math.Max(1, trainSamples / 4);

    /// <summary>
    /// MNIST's labelled digits for a classifier, or with <c>--synthetic N</c> gray 28×28 shapes standing in for them
    /// (same tensor shapes, same model, labels 0–4 of its 10 classes).
    /// </summary>
    private protected static RecipeData LoadDigits(RecipeOptions options, int batchSize)
    {
        if (options.SyntheticSamples is { } count)
        {
            var train = Shapes.Generate(count, size: 28, seed: options.Seed, grayscale: true);
            var test = Shapes.Generate(SyntheticTestSamples(count), size: 28, seed: options.Seed + 1, grayscale: true);
            return new RecipeData(new ImageDataModule(train.Images, test.Images, batchSize, seed: options.Seed),
                train.Count, test.Count, Synthetic: true, [train, test]);
        }
        var splits = LoadReal(Mnist.Remote, Mnist.Load, options);
        return new RecipeData(splits.ToDataModule(batchSize, seed: options.Seed),
            splits.Train.Count, splits.Test.Count, Synthetic: false, [splits]);
    }

    /// <summary>Loads a real dataset, refusing to download unless asked, with a message that says how to get it.</summary>
    private protected static ImageSplits LoadReal(RemoteDataset remote, Func<string?, bool, ImageSplits> load, RecipeOptions options)
    {
        if (!options.Download && !remote.IsPresent(options.DataRoot))
            throw new FileNotFoundException(
                $"{remote.Name} is not in {remote.FolderIn(options.DataRoot)}: get it with `deeparch datasets fetch {remote.Name}` " +
                "(or train with --download), or train on synthetic stand-in data with --synthetic N.");
        return load(options.DataRoot, options.Download);
    }
}
