using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// What a classifier answers on a labelled set, kept as plain numbers: the true class, the predicted class (the
/// largest logit) and the confidence (its softmax probability) of every sample. From them come the accuracy, the
/// confusion matrix and the most confident mistakes — the errors worth looking at first.
/// </summary>
public sealed class Predictions
{
    private Predictions(long[] targets, long[] predicted, double[] confidence)
    {
        Targets = targets;
        Predicted = predicted;
        Confidence = confidence;
    }

    /// <summary>The true class of each sample.</summary>
    public IReadOnlyList<long> Targets { get; }

    /// <summary>The predicted class of each sample: the index of its largest logit.</summary>
    public IReadOnlyList<long> Predicted { get; }

    /// <summary>The softmax probability of the predicted class, in (0, 1].</summary>
    public IReadOnlyList<double> Confidence { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Targets.Count;

    /// <summary>Share of samples whose predicted class is the true one, in [0, 1].</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Targets.Zip(Predicted).Count(pair => pair.First == pair.Second) / Count;

    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="inputs"/> (already prepared as the model expects, e.g.
    /// normalised) in evaluation mode without gradients, <paramref name="batchSize"/> samples at a time, on the device
    /// of its parameters. The model's training flags are restored afterwards.
    /// </summary>
    /// <param name="model">A network returning logits <c>[B, K]</c>.</param>
    /// <param name="inputs">The samples <c>[N, …]</c>.</param>
    /// <param name="targets">Their classes, <c>int64 [N]</c>.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <exception cref="ArgumentException">Inputs and targets disagree, or the model does not return <c>[B, K]</c>.</exception>
    public static Predictions Of(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (targets.dim() != 1 || inputs.dim() == 0 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException(
                $"Expected inputs [N, …] and targets [N]; got [{string.Join(", ", inputs.shape)}] and [{string.Join(", ", targets.shape)}].");

        var modes = model.modules().Select(m => (m, m.training)).Prepend((model, model.training)).ToList();
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var count = inputs.shape[0];
        var predicted = new long[count];
        var confidence = new double[count];
        try
        {
            model.eval();
            using var noGrad = no_grad();
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, count - start);
                var logits = model.call(inputs.narrow(0, start, length).to(device));          // [B, K]
                if (logits.dim() != 2 || logits.shape[0] != length)
                    throw new ArgumentException($"The model must return logits [batch, classes]; got [{string.Join(", ", logits.shape)}].");
                var (best, index) = nn.functional.softmax(logits, 1).max(1);                  // [B], [B]
                best.to(ScalarType.Float64).cpu().data<double>().CopyTo(confidence, (int)start);
                index.cpu().data<long>().CopyTo(predicted, (int)start);
            }
        }
        finally
        {
            foreach (var (module, training) in modes)
                module.train(training);
        }
        using var cpuTargets = targets.cpu();
        return new Predictions(cpuTargets.data<long>().ToArray(), predicted, confidence);
    }

    /// <summary>
    /// The confusion matrix: entry [t, p] counts the samples of true class t predicted as p, so the diagonal holds the
    /// correct answers and each row sums to the number of samples of its class.
    /// </summary>
    /// <param name="classes">Number of classes K.</param>
    /// <exception cref="ArgumentException">A class lies outside [0, K).</exception>
    public double[,] ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var matrix = new double[classes, classes];
        for (var i = 0; i < Count; i++)
        {
            var (t, p) = (Targets[i], Predicted[i]);
            if (t < 0 || t >= classes || p < 0 || p >= classes)
                throw new ArgumentException($"Sample {i} has true class {t} and predicted class {p}, outside [0, {classes}).", nameof(classes));
            matrix[t, p]++;
        }
        return matrix;
    }

    /// <summary>The indices of the wrong predictions, most confident first (ties in sample order), at most <paramref name="count"/>.</summary>
    /// <param name="count">How many mistakes to return.</param>
    public IReadOnlyList<int> WorstMistakes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(0, Count)
            .Where(i => Targets[i] != Predicted[i])
            .OrderByDescending(i => Confidence[i])
            .ThenBy(i => i)
            .Take(count)
            .ToList();
    }
}
