using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// An exponential moving average of a network's weights kept in a second copy of the network (Polyak averaging):
/// θ̄ ← β_t·θ̄ + (1 − β_t)·θ after every update, with β_t = min(β, (1 + t) / (10 + t)) after t updates so that the first,
/// random weights are soon forgotten. GANs sample from it (Yazıcı et al. 2019), and so do diffusion models (Ho et al.
/// 2020, §4: decay 0.9999): the average smooths the noise of the last optimisation steps.
/// </summary>
public static class WeightAverage
{
    /// <summary>Copies <paramref name="live"/>'s weights and buffers into <paramref name="average"/> and freezes it.</summary>
    /// <exception cref="ArgumentException">The two networks do not have the same tensors.</exception>
    public static void Start(nn.Module average, nn.Module live)
    {
        using var noGrad = no_grad();
        foreach (var (copy, source) in Pairs(average, live))
            copy.copy_(source);
        foreach (var parameter in average.parameters())
            parameter.requires_grad = false;                                            // never trained, only averaged
    }

    /// <summary>One step of the average after <paramref name="updates"/> earlier ones (an int64 <c>[1]</c> counter it advances).</summary>
    /// <param name="average">The averaged copy.</param>
    /// <param name="live">The network being trained.</param>
    /// <param name="updates">The count of updates so far, kept as a buffer so that a checkpoint resumes the warm-up.</param>
    /// <param name="decay">β in [0, 1).</param>
    /// <exception cref="ArgumentException">The two networks do not have the same tensors.</exception>
    public static void Update(nn.Module average, nn.Module live, Tensor updates, double decay)
    {
        using var noGrad = no_grad();
        var t = updates.item<long>();
        var beta = Math.Min(decay, (1.0 + t) / (10.0 + t));
        foreach (var (copy, source) in Pairs(average, live))
        {
            if (copy.is_floating_point())
                copy.mul_(beta).add_(source, alpha: 1 - beta);
            else
                copy.copy_(source);                                                     // counters (batch norm's batches)
        }
        updates.add_(1);
    }

    private static IEnumerable<(Tensor Copy, Tensor Source)> Pairs(nn.Module average, nn.Module live)
    {
        var copies = average.parameters().Select(p => (Tensor)p).Concat(average.buffers()).ToList();
        var sources = live.parameters().Select(p => (Tensor)p).Concat(live.buffers()).ToList();
        if (copies.Count != sources.Count || copies.Zip(sources).Any(pair => !pair.First.shape.SequenceEqual(pair.Second.shape)))
            throw new ArgumentException("An average needs a network with the same tensors as the one it follows.", nameof(average));
        return copies.Zip(sources);
    }
}
