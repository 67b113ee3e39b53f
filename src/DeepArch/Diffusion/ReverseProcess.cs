using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>
/// Generation: from x_T ~ N(0, I), the sampler's steps, each with one (batched) call of the denoiser, down to an image;
/// with a condition, classifier-free guidance evaluates ε(x, c) and ε(x) in the same call. Also inpainting: a masked
/// region regenerated while the known pixels follow the forward process. Images come out on the CPU in [0, 1].
/// </summary>
public sealed class ReverseProcess
{
    private readonly DenoiserUNet _denoiser;

    /// <summary>Joins a trained denoiser and a sampler.</summary>
    public ReverseProcess(DenoiserUNet denoiser, IDiffusionSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(denoiser);
        ArgumentNullException.ThrowIfNull(sampler);
        _denoiser = denoiser;
        Sampler = sampler;
    }

    /// <summary>The sampler.</summary>
    public IDiffusionSampler Sampler { get; }

    /// <summary>Guidance weight w (used when a condition is given).</summary>
    public double Guidance { get; init; }

    /// <summary>Images per network call (twice as many rows go through the network under guidance).</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>
    /// Called after every step of the first batch with (the timestep reached, or −1 at the end; a copy of x on the CPU in
    /// [−1, 1] that the callback owns). Tensors the callback computes from it are released after the step unless it calls
    /// <c>DetachFromDisposeScope()</c> on them.
    /// </summary>
    public Action<int, Tensor>? OnStep { get; init; }

    /// <summary>Wall-clock seconds of the last <see cref="Sample"/> or <see cref="Inpaint"/>.</summary>
    public double LastSeconds { get; private set; }

    /// <summary>Of <see cref="LastSeconds"/>, the seconds spent inside the denoiser.</summary>
    public double LastNetworkSeconds { get; private set; }

    /// <summary>Draws <paramref name="count"/> images.</summary>
    /// <param name="count">Images N ≥ 1.</param>
    /// <param name="shape">(channels, height, width).</param>
    /// <param name="tokens">Condition tokens int64 <c>[N, L]</c> or <c>[1, L]</c> (the same for all); null for ∅ / unconditional.</param>
    /// <param name="generator">Source of every random draw (a seeded one makes the run repeatable).</param>
    /// <returns><c>[N, C, H, W]</c> in [0, 1] on the CPU.</returns>
    public Tensor Sample(int count, (int Channels, int Height, int Width) shape, Tensor? tokens = null, Generator? generator = null) =>
        Run(count, shape, tokens, generator, known: null, mask: null);

    /// <summary>
    /// Regenerates where <paramref name="mask"/> is 0 and keeps <paramref name="known"/> where it is 1: after each step the
    /// known pixels are replaced by the forward process q(x_t' | x_0) of the known image at the step's timestep t'
    /// (RePaint's known-region update, Lugmayr et al. 2022, without resampling), and by the image itself at the end.
    /// </summary>
    /// <param name="known">Images <c>[N, C, H, W]</c> in [0, 1].</param>
    /// <param name="mask"><c>[N, 1, H, W]</c> or <c>[N, C, H, W]</c>: 1 keep, 0 regenerate.</param>
    /// <param name="tokens">Condition of the regenerated region, as in <see cref="Sample"/>.</param>
    /// <param name="generator">Source of every random draw.</param>
    public Tensor Inpaint(Tensor known, Tensor mask, Tensor? tokens = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(mask);
        if (known.dim() != 4 || mask.dim() != 4 || mask.shape[0] != known.shape[0] || (mask.shape[1] != 1 && mask.shape[1] != known.shape[1])
            || mask.shape[2] != known.shape[2] || mask.shape[3] != known.shape[3])
            throw new ArgumentException($"Inpainting takes images [N, C, H, W] and a mask [N, 1, H, W]; got [{string.Join(", ", known.shape)}] " +
                $"and [{string.Join(", ", mask.shape)}].");
        var shape = ((int)known.shape[1], (int)known.shape[2], (int)known.shape[3]);
        return Run((int)known.shape[0], shape, tokens, generator, known, mask);
    }

    private Tensor Run(int count, (int Channels, int Height, int Width) shape, Tensor? tokens, Generator? generator, Tensor? known, Tensor? mask)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        if (tokens is not null && (tokens.dim() != 2 || (tokens.shape[0] != 1 && tokens.shape[0] != count)))
            throw new ArgumentException($"Give condition tokens as [1, L] or [{count}, L]; got [{string.Join(", ", tokens.shape)}].", nameof(tokens));
        var device = _denoiser.parameters().First().device;
        var total = Stopwatch.StartNew();
        var network = new Stopwatch();
        var wasTraining = _denoiser.training;
        _denoiser.eval();
        try
        {
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            for (var start = 0; start < count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(BatchSize, count - start);
                var batchTokens = tokens is null ? null
                    : (tokens.shape[0] == 1 ? tokens.expand(size, -1) : tokens.narrow(0, start, size)).to(ScalarType.Int64).to(device);
                var x0 = known is null ? null : known.narrow(0, start, size).to(ScalarType.Float32).to(device) * 2 - 1;   // [B, C, H, W] in [−1, 1]
                var keep = mask?.narrow(0, start, size).to(ScalarType.Float32).to(device);
                var x = randn([size, shape.Channels, shape.Height, shape.Width], generator: generator).to(device);   // x_T
                foreach (var t in Sampler.Timesteps)
                {
                    using var stepScope = NewDisposeScope();
                    network.Start();
                    var epsilon = Predict(x, t, batchTokens);
                    network.Stop();
                    var next = Sampler.Step(epsilon, t, x, generator);
                    var previous = Sampler.Previous(t);
                    if (x0 is not null && keep is not null && previous >= 0)
                    {
                        var noise = randn(x0.shape, generator: generator).to(device);
                        var steps = full([size], previous, dtype: ScalarType.Int64, device: device);
                        next = keep * Sampler.AddNoise(x0, noise, steps) + (1 - keep) * next;
                    }
                    x = next.MoveToOuterDisposeScope();
                    if (start == 0 && OnStep is not null)
                        OnStep(previous, x.cpu().clone().DetachFromDisposeScope());
                }
                var image = ((x.clamp(-1, 1) + 1) / 2).cpu();                             // [B, C, H, W] in [0, 1]
                if (known is not null && mask is not null)
                {
                    // The known pixels are the input's own values, exactly.
                    var keepCpu = mask.narrow(0, start, size).to(ScalarType.Float32).cpu().expand_as(image).to(ScalarType.Bool);
                    image = where(keepCpu, known.narrow(0, start, size).to(ScalarType.Float32).cpu(), image);
                }
                parts.Add(image.MoveToOuterDisposeScope());
            }
            var all = cat(parts, 0);
            foreach (var part in parts)
                part.Dispose();
            return all;
        }
        finally
        {
            _denoiser.train(wasTraining);
            LastSeconds = total.Elapsed.TotalSeconds;
            LastNetworkSeconds = network.Elapsed.TotalSeconds;
        }
    }

    /// <summary>ε̂ for x at timestep t: unconditional, conditional, or guided (both in one call, rows stacked).</summary>
    private Tensor Predict(Tensor x, int t, Tensor? tokens)
    {
        var b = x.shape[0];
        if (tokens is null || Guidance == 0)
            return _denoiser.Predict(x, full([b], t, dtype: ScalarType.Int64, device: x.device), tokens);
        var both = _denoiser.Predict(cat([x, x], 0), full([2 * b], t, dtype: ScalarType.Int64, device: x.device),
            cat([tokens, zeros_like(tokens)], 0));                                           // [2B, C, H, W]: c, then ∅
        return ClassifierFreeGuidance.Combine(both.narrow(0, 0, b), both.narrow(0, b, b), Guidance);
    }
}
