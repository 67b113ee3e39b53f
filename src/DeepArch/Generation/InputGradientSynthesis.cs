using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// Settings of <see cref="InputGradientSynthesis"/>: the number and size of the steps, and the three usual
/// regularisers, each switched off by a zero.
/// </summary>
/// <param name="Steps">Gradient steps.</param>
/// <param name="Rate">Step size η, in pixel units: each step moves the image by η times the gradient divided by its
/// root mean square, so one η suits any network.</param>
/// <param name="Jitter">Largest random shift in pixels applied before each step (and undone after): the image must
/// work wherever it lies, which discourages pixel-exact noise.</param>
/// <param name="BlurSigma">Standard deviation in pixels of the Gaussian blur applied every <paramref name="BlurEvery"/>
/// steps, which removes the high frequencies the gradient loves and eyes do not.</param>
/// <param name="BlurEvery">Steps between two blurs (0: never).</param>
/// <param name="NormPenalty">λ of the penalty λ·Σx² added to the energy, which keeps pixels that do not help dark.</param>
public sealed record InputGradientOptions(
    int Steps = 150, double Rate = 0.05, int Jitter = 2, double BlurSigma = 0.6, int BlurEvery = 4, double NormPenalty = 0.01)
{
    /// <summary>The bare rule Δx = −η ∂E/∂x with the same steps and no regulariser.</summary>
    public InputGradientOptions WithoutRegularisers() => this with { Jitter = 0, BlurSigma = 0, BlurEvery = 0, NormPenalty = 0 };
}

/// <summary>
/// What a trained classifier "sees" for a class: an image grown from noise by gradient descent on the input, weights
/// frozen, until the network gives that class a high score (Simonyan, Vedaldi, Zisserman 2014; with the jitter,
/// blur and norm regularisers of Yosinski et al., "Understanding neural networks through deep visualization", 2015).
/// </summary>
public static class InputGradientSynthesis
{
    /// <summary>
    /// One image per requested class, in [0, 1], grown from faint noise by steps of −η ∂E/∂x with
    /// E = −logit_r + λ·Σx² (<see cref="InputGradient.ClassEnergy"/>).
    /// </summary>
    /// <param name="logits">Maps images <c>[B, C, H, W]</c> in [0, 1] to class logits <c>[B, K]</c> (it normalises itself).</param>
    /// <param name="classes">The wanted class of each image.</param>
    /// <param name="imageShape">(channels, height, width) of the images.</param>
    /// <param name="options">Steps and regularisers; the defaults when null.</param>
    /// <param name="seed">Seed of the starting noise and of the jitter.</param>
    /// <returns>Images <c>[B, C, H, W]</c> in [0, 1].</returns>
    public static Tensor Synthesize(Func<Tensor, Tensor> logits, IReadOnlyList<long> classes,
        (int Channels, int Height, int Width) imageShape, InputGradientOptions? options = null, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(classes);
        var o = options ?? new InputGradientOptions();
        var (c, h, w) = imageShape;
        if (classes.Count < 1 || c < 1 || h < 1 || w < 1 || o.Steps < 0 || o.Jitter < 0 || o.BlurSigma < 0 || o.BlurEvery < 0)
            throw new ArgumentException($"Synthesize needs at least one class, a positive image shape and non-negative options; got {classes.Count} classes, {imageShape}, {o}.");
        var random = new Random((int)seed);
        using var generator = new Generator((ulong)seed);
        var target = tensor(classes.ToArray());                                 // (B)
        var x = rand([classes.Count, c, h, w], generator: generator).mul(0.1);   // (B, C, H, W) faint noise
        var classEnergy = InputGradient.ClassEnergy(logits, target);
        Tensor Energy(Tensor input) => o.NormPenalty > 0 ? classEnergy(input) + input.square().sum().mul(o.NormPenalty) : classEnergy(input);
        for (var step = 0; step < o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var (dy, dx) = o.Jitter > 0 ? (random.Next(-o.Jitter, o.Jitter + 1), random.Next(-o.Jitter, o.Jitter + 1)) : (0, 0);
            var shifted = x.roll([dy, dx], [2, 3]);
            var gradient = InputGradient.Gradient(Energy, shifted).roll([-dy, -dx], [2, 3]);   // (B, C, H, W)
            var rms = gradient.square().mean([1, 2, 3], keepdim: true).sqrt().add(1e-12);      // (B, 1, 1, 1)
            var next = (x - gradient.div(rms).mul(o.Rate)).clamp(0, 1);   // Δx = −η ∂E/∂x (normalised step)
            if (o.BlurEvery > 0 && o.BlurSigma > 0 && (step + 1) % o.BlurEvery == 0)
                next = GaussianBlur(next, o.BlurSigma);
            x.Dispose();
            x = next.detach().MoveToOuterDisposeScope();
        }
        return x;
    }

    /// <summary>Blurs every channel of <c>[B, C, H, W]</c> images with a Gaussian of <paramref name="sigma"/> pixels.</summary>
    internal static Tensor GaussianBlur(Tensor images, double sigma)
    {
        using var scope = NewDisposeScope();
        var radius = Math.Max(1, (int)Math.Ceiling(2 * sigma));
        var taps = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = taps.Sum();
        var kernel1d = tensor(taps.Select(t => (float)(t / sum)).ToArray()).to(images.dtype).to(images.device);   // (k)
        var channels = images.shape[1];
        var kernel = kernel1d.outer(kernel1d).expand(channels, 1, -1, -1).contiguous();   // (C, 1, k, k)
        var padded = nn.functional.pad(images, [radius, radius, radius, radius], TorchSharp.PaddingModes.Replicate);
        return nn.functional.conv2d(padded, kernel, groups: channels).MoveToOuterDisposeScope();   // (B, C, H, W)
    }
}
