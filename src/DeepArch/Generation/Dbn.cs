using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// A deep belief network (Hinton, Osindero &amp; Teh 2006) built by greedy layer-wise stacking: the first
/// <see cref="Rbm"/> learns the data, each next one learns the hidden probabilities of the one below as its data.
/// The top two layers form an undirected RBM; the layers below generate top-down (<see cref="Sample"/>).
/// </summary>
public sealed class Dbn : IDisposable
{
    private readonly Rbm[] _layers;

    private Dbn(Rbm[] layers) => _layers = layers;

    /// <summary>The stacked RBMs, bottom (visible) first.</summary>
    public IReadOnlyList<Rbm> Layers => _layers;

    /// <summary>
    /// Trains a stack greedily: an RBM on <paramref name="data"/>, then each next RBM with CD-k on the previous one's
    /// hidden probabilities <c>p(h | v)</c>, which are fixed once the layer below is trained.
    /// </summary>
    /// <param name="data">Binary data <c>[N, V]</c> or images <c>[N, C, H, W]</c>.</param>
    /// <param name="hiddenSizes">Hidden units of each layer, bottom first, e.g. <c>[256, 64]</c>.</param>
    /// <param name="epochs">CD epochs per layer.</param>
    /// <param name="batchSize">Mini-batch size.</param>
    /// <param name="learningRate">CD learning rate.</param>
    /// <param name="seed">Seed of the batches' order.</param>
    /// <param name="layerTrained">Called with each layer's index and its epochs' reconstruction errors.</param>
    /// <param name="bottom">An RBM already trained on <paramref name="data"/> to use as the first layer (its hidden size
    /// replaces the first of <paramref name="hiddenSizes"/>); the DBN then owns it.</param>
    /// <exception cref="ArgumentException">No layer is given, or a size is not positive.</exception>
    public static Dbn TrainGreedy(Tensor data, IReadOnlyList<int> hiddenSizes, int epochs, int batchSize = 64,
        double learningRate = 0.05, int seed = 0, Action<int, IReadOnlyList<double>>? layerTrained = null, Rbm? bottom = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (hiddenSizes is null || hiddenSizes.Count == 0 || hiddenSizes.Any(size => size < 1))
            throw new ArgumentException("A DBN needs at least one layer, each with at least one hidden unit.", nameof(hiddenSizes));
        var layers = new Rbm[hiddenSizes.Count];
        var input = data.dim() == 2 ? data : data.flatten(1);               // [N, V]
        for (var i = 0; i < layers.Length; i++)
        {
            if (i == 0 && bottom is not null)
            {
                if (bottom.Visible != input.shape[1])
                    throw new ArgumentException($"The bottom RBM has {bottom.Visible} visible units but the data have {input.shape[1]}.", nameof(bottom));
                layers[0] = bottom;
            }
            else
            {
                layers[i] = new Rbm((int)input.shape[1], hiddenSizes[i]);
                layers[i].to(data.device);
                var errors = layers[i].Fit(input, epochs, batchSize, learningRate, k: 1, seed: seed + i);
                layerTrained?.Invoke(i, errors);
            }
            using (no_grad())
            {
                var next = layers[i].HiddenProbabilities(input);             // [N, H_i]: the next layer's data
                if (!ReferenceEquals(input, data))
                    input.Dispose();
                input = next;
            }
        }
        if (!ReferenceEquals(input, data))
            input.Dispose();
        return new Dbn(layers);
    }

    /// <summary>The top layer's hidden probabilities, propagated up deterministically: features <c>[B, H_top]</c>.</summary>
    /// <param name="visible">Data <c>[B, V]</c> or images.</param>
    /// <param name="layers">How many layers to go up; all by default.</param>
    public Tensor Features(Tensor visible, int? layers = null)
    {
        var depth = layers ?? _layers.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, _layers.Length);
        using var _ = no_grad();
        var x = _layers[0].HiddenProbabilities(visible);
        for (var i = 1; i < depth; i++)
            x = _layers[i].HiddenProbabilities(x);
        return x;
    }

    /// <summary>
    /// Draws samples: <paramref name="gibbsSteps"/> of Gibbs sampling in the top RBM from random states, then one
    /// top-down pass of probabilities through the layers below. Returns visible probabilities <c>[count, V]</c>.
    /// </summary>
    public Tensor Sample(int count, int gibbsSteps = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var _ = no_grad();
        var top = _layers[^1];
        var device = top.Weight.device;
        using var start = bernoulli(full(count, top.Visible, 0.5f, device: device));
        var (_, x) = top.Gibbs(start, gibbsSteps);
        for (var i = _layers.Length - 2; i >= 0; i--)
            x = _layers[i].VisibleProbabilities(x);
        return x;
    }

    /// <summary>Releases every layer.</summary>
    public void Dispose()
    {
        foreach (var layer in _layers)
            layer.Dispose();
    }
}
