using DeepArch.Data;
using DeepArch.Models;
using DeepArch.Runtime;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The yardstick's judge: a classifier trained on the real images, which says which class a generated image looks
/// like, how sure it is, and what its penultimate layer sees (the features <see cref="FrechetDistance"/> compares).
/// LeNet-5 judges MNIST digits (<see cref="ForMnist"/>, from the <c>lenet5-mnist</c> recipe's checkpoint when there is
/// one), LeNet-5 or a <see cref="SmallCnn"/> judges shapes (<see cref="ForShapes"/>). Images come in as floats in [0, 1]; the
/// judge normalises them with its training set's statistics.
/// </summary>
public sealed class Judge
{
    private const int EvaluationBatch = 500;
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Func<Tensor, Tensor> _features;
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Wraps a trained classifier.</summary>
    /// <param name="network">Maps normalised images <c>[B, C, H, W]</c> to class logits <c>[B, K]</c>.</param>
    /// <param name="features">Maps the same normalised images to the penultimate layer's features <c>[B, D]</c>.</param>
    /// <param name="classes">The K class names.</param>
    /// <param name="imageShape">The images' (channels, height, width).</param>
    /// <param name="mean">Per-channel mean subtracted before the network (the training set's).</param>
    /// <param name="std">Per-channel standard deviation divided by.</param>
    /// <param name="source">How the judge was obtained, e.g. "checkpoint artifacts/checkpoints/lenet5-mnist.ckpt".</param>
    public Judge(nn.Module<Tensor, Tensor> network, Func<Tensor, Tensor> features, IReadOnlyList<string> classes,
        (int Channels, int Height, int Width) imageShape, IReadOnlyList<float> mean, IReadOnlyList<float> std, string source)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        if (mean.Count != imageShape.Channels || std.Count != imageShape.Channels)
            throw new ArgumentException($"Give one mean and one standard deviation per channel ({imageShape.Channels}).");
        _network = network;
        _features = features;
        Classes = classes;
        ImageShape = imageShape;
        _mean = [.. mean];
        _std = [.. std];
        Source = source;
    }

    /// <summary>Confidence from which a sample counts as recognisable: the judge gives its class at least this probability.</summary>
    public const double ConfidenceThreshold = 0.9;

    /// <summary>The class names, indexed by the judge's outputs.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The images it judges: (channels, height, width).</summary>
    public (int Channels, int Height, int Width) ImageShape { get; }

    /// <summary>Where the judge came from: a checkpoint, or how it was trained.</summary>
    public string Source { get; }

    /// <summary>
    /// LeNet-5 judging MNIST digits: loaded from <paramref name="checkpoint"/> when that file exists (a
    /// <c>lenet5-mnist</c> checkpoint), otherwise trained on <paramref name="train"/> for <paramref name="epochs"/> epochs.
    /// </summary>
    /// <param name="train">MNIST training images; their statistics normalise the judge's inputs.</param>
    /// <param name="checkpoint">A <c>lenet5-mnist</c> checkpoint, e.g. <c>artifacts/checkpoints/lenet5-mnist.ckpt</c>; null to train.</param>
    /// <param name="epochs">Training epochs when there is no checkpoint; by default about 160,000 images' worth (3 to 30 epochs).</param>
    /// <param name="seed">Seed of the weights and data order of the training run.</param>
    /// <exception cref="CheckpointException">The checkpoint exists but does not hold a LeNet-5.</exception>
    public static Judge ForMnist(ImageDataset train, string? checkpoint = null, int? epochs = null, int seed = Seeding.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(train);
        Judge Wrap(LeNet5 network, string source) =>
            new(network, network.Features, train.Classes, (train.Channels, train.Height, train.Width), train.Mean, train.Std, source);
        var shape = new LeNet5Config(train.Channels, train.Classes.Count, train.Height);
        var note = "";
        if (checkpoint is not null && File.Exists(checkpoint))
        {
            var loaded = new LeNet5(shape);
            var info = Checkpoint.Load(loaded, checkpoint);
            var judge = Wrap(loaded, $"LeNet-5 from {checkpoint} (epoch {info.Epoch})");
            // A checkpoint of the same shape can come from other data (`lenet5-mnist --synthetic` trains on shapes):
            // it loads, but would judge digits badly. Only one that recognises these digits is used.
            var accuracy = judge.Accuracy(train);
            if (accuracy >= MinimumCheckpointAccuracy)
                return judge;
            note = $" ({checkpoint} recognises only {accuracy:P0} of these images, so it was not used)";
        }
        // Seeded before the weights are drawn: the same seed gives the same judge, whatever ran before.
        Seeding.Seed(seed);
        var network = new LeNet5(shape);
        return Wrap(network, TrainOn(network, train, epochs ?? DefaultEpochs(train), seed) + note);
    }

    /// <summary>Training accuracy below which a judge's checkpoint is taken to come from other data.</summary>
    public const double MinimumCheckpointAccuracy = 0.9;

    /// <summary>
    /// A small CNN judging shape images, trained on <paramref name="train"/> for <paramref name="epochs"/> epochs:
    /// LeNet-5 for 28×28 and 32×32 images, a <see cref="SmallCnn"/> for other sizes.
    /// </summary>
    /// <param name="train">Shape images (gray or colour) labelled by shape.</param>
    /// <param name="epochs">Training epochs; by default about 80,000 images' worth (3 to 20 epochs).</param>
    /// <param name="seed">Seed of the weights and data order.</param>
    public static Judge ForShapes(ImageDataset train, int? epochs = null, int seed = Seeding.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(train);
        Seeding.Seed(seed);
        var shape = (train.Channels, train.Height, train.Width);
        var trainEpochs = epochs ?? Math.Clamp(80_000 / Math.Max(train.Count, 1), 3, 20);
        if (train.Height == train.Width && train.Height is 28 or 32)
        {
            // LeNet-5 sees 28×28 and 32×32 images at a fifth of the small CNN's cost, and tells the five shapes apart as well.
            var lenet = new LeNet5(new LeNet5Config(train.Channels, train.Classes.Count, train.Height));
            return new Judge(lenet, lenet.Features, train.Classes, shape, train.Mean, train.Std, TrainOn(lenet, train, trainEpochs, seed));
        }
        var network = new SmallCnn(new SmallCnnConfig(train.Channels, train.Classes.Count, Width: 16, Blocks: 3));
        return new Judge(network, network.Features, train.Classes, shape, train.Mean, train.Std, TrainOn(network, train, trainEpochs, seed));
    }

    /// <summary>The judge's class probabilities <c>[N, K]</c> for images <c>[N, C, H, W]</c> in [0, 1], on the CPU.</summary>
    /// <exception cref="ArgumentException">The images are not shaped as the judge's.</exception>
    public Tensor Probabilities(Tensor images) => Evaluate(images, x => nn.functional.softmax(_network.call(x), 1));

    /// <summary>The judge's penultimate features <c>[N, D]</c> for images <c>[N, C, H, W]</c> in [0, 1], on the CPU.</summary>
    /// <exception cref="ArgumentException">The images are not shaped as the judge's.</exception>
    public Tensor Features(Tensor images) => Evaluate(images, _features);

    /// <summary>Share of <paramref name="test"/>'s images the judge classifies correctly.</summary>
    public double Accuracy(ImageDataset test)
    {
        ArgumentNullException.ThrowIfNull(test);
        using var scope = NewDisposeScope();
        var predicted = Probabilities(test.ToTensor()).argmax(1);   // [N]
        return predicted.eq(test.Labels.cpu()).to(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>Applies <paramref name="layer"/> to normalised images in batches, in evaluation mode, without gradients.</summary>
    private Tensor Evaluate(Tensor images, Func<Tensor, Tensor> layer)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (c, h, w) = ImageShape;
        if (images.dim() != 4 || images.shape[1] != c || images.shape[2] != h || images.shape[3] != w || images.shape[0] < 1)
            throw new ArgumentException(
                $"The judge takes images [N, {c}, {h}, {w}] with values in [0, 1]; got [{string.Join(", ", images.shape)}].", nameof(images));
        var device = _network.parameters().FirstOrDefault()?.device ?? CPU;   // a parameterless network runs on the CPU
        var wasTraining = _network.training;
        _network.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var mean = tensor(_mean, [1, c, 1, 1]).to(device);
            using var std = tensor(_std, [1, c, 1, 1]).to(device);
            var parts = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += EvaluationBatch)
            {
                var length = Math.Min(EvaluationBatch, images.shape[0] - start);
                var batch = images.narrow(0, start, length).to(ScalarType.Float32).to(device);   // [B, C, H, W]
                parts.Add(layer((batch - mean) / std).cpu());
            }
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            _network.train(wasTraining);
        }
    }

    private static int DefaultEpochs(ImageDataset train) => Math.Clamp(160_000 / Math.Max(train.Count, 1), 3, 30);

    private static string TrainOn(nn.Module<Tensor, Tensor> network, ImageDataset train, int epochs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var data = new ImageDataModule(train, validation: null, batchSize: 128, seed: seed);
        var steps = epochs * (data.TrainBatchCount ?? 1);
        var learner = new OneCycleLearner(new Classifier(network), 4e-3, 1e-2, steps);
        new Trainer(new TrainerOptions { Epochs = epochs, Device = Devices.Select() }).Fit(learner, data);
        network.eval();
        return $"{network.GetType().Name} trained for {epochs} epochs on {train.Count:N0} images";
    }
}
