using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Settings of <see cref="DeepDream"/>.</summary>
/// <param name="Octaves">Scales the image is dreamt at, from the smallest to the original size.</param>
/// <param name="OctaveScale">Ratio between two consecutive scales.</param>
/// <param name="Steps">Gradient-ascent steps per octave.</param>
/// <param name="Rate">Step size in pixel units: each step adds η times the gradient divided by its mean absolute value.</param>
/// <param name="Jitter">Largest random shift in pixels before each step (undone after).</param>
public sealed record DeepDreamOptions(int Octaves = 3, double OctaveScale = 1.4, int Steps = 10, double Rate = 0.01, int Jitter = 2);

/// <summary>
/// Deep dream (Mordvintsev, Olah, Tyka, "Inceptionism", Google Research blog, 2015): gradient <em>ascent</em> on the
/// norm of a chosen layer's activations, starting from a real image, so whatever that layer responds to is amplified.
/// Done over several octaves (scales), the detail found at a small scale carried to the next, so the patterns grow
/// larger than the layer's receptive field.
/// </summary>
public static class DeepDream
{
    /// <summary>The layer's energy the dream descends: E(x) = −½·mean(a(x)²), minus the squared activation norm.</summary>
    public static Tensor Energy(StyleFeatures features, int tap, Tensor image)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.Extract(image)[tap].square().mean().mul(-0.5);
    }

    /// <summary>Dreams on <paramref name="image"/> <c>[1, C, H, W]</c> in [0, 1] and returns the dreamt image, same shape.</summary>
    /// <param name="features">The network and its taps.</param>
    /// <param name="tap">Which tap's activations to amplify (an index into <see cref="StyleFeatures.TapNames"/>).</param>
    /// <param name="image">The starting image.</param>
    /// <param name="options">Octaves and steps; the defaults when null.</param>
    /// <param name="seed">Seed of the jitter.</param>
    /// <exception cref="ArgumentException">The image is not one picture, or the tap is out of range.</exception>
    public static Tensor Dream(StyleFeatures features, int tap, Tensor image, DeepDreamOptions? options = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(image);
        var o = options ?? new DeepDreamOptions();
        if (image.dim() != 4 || image.shape[0] != 1 || image.shape[1] != features.Channels)
            throw new ArgumentException(
                $"Deep dream takes one image [1, {features.Channels}, H, W] in [0, 1]; got [{string.Join(", ", image.shape)}].", nameof(image));
        if (tap < 0 || tap >= features.TapNames.Count || o.Octaves < 1 || o.OctaveScale < 1 || o.Steps < 0)
            throw new ArgumentException($"Deep dream needs a tap among {features.TapNames.Count}, at least one octave and a scale ≥ 1; got tap {tap}, {o}.");
        var random = new Random(seed);
        var (h, w) = (image.shape[2], image.shape[3]);
        var original = image.detach();
        Tensor? detail = null;                                   // what the dream added, at the previous scale
        Tensor x = original;
        for (var octave = 0; octave < o.Octaves; octave++)
        {
            var factor = Math.Pow(o.OctaveScale, o.Octaves - 1 - octave);
            long[] size = [Math.Max(1, (long)Math.Round(h / factor)), Math.Max(1, (long)Math.Round(w / factor))];
            using var octaveScope = NewDisposeScope();
            var baseImage = Resize(original, size);              // (1, C, h_o, w_o)
            x = detail is null ? baseImage : baseImage + Resize(detail, size);
            for (var step = 0; step < o.Steps; step++)
            {
                using var scope = NewDisposeScope();
                var (dy, dx) = o.Jitter > 0 ? (random.Next(-o.Jitter, o.Jitter + 1), random.Next(-o.Jitter, o.Jitter + 1)) : (0, 0);
                var gradient = InputGradient.Gradient(input => Energy(features, tap, input), x.roll([dy, dx], [2, 3]))
                    .roll([-dy, -dx], [2, 3]);                  // (1, C, h_o, w_o)
                // Δx = −η ∂E/∂x with E = −½‖a‖²: ascent on the activation norm, step normalised by the mean |gradient|
                var next = (x - gradient.div(gradient.abs().mean().add(1e-12)).mul(o.Rate)).clamp(0, 1);
                x = next.detach().MoveToOuterDisposeScope();
            }
            detail?.Dispose();
            detail = (x - baseImage).MoveToOuterDisposeScope();
            x.MoveToOuterDisposeScope();
        }
        detail?.Dispose();
        return x;
    }

    private static Tensor Resize(Tensor images, long[] size) =>
        images.shape[2] == size[0] && images.shape[3] == size[1]
            ? images.clone()
            : nn.functional.interpolate(images, size, mode: InterpolationMode.Bilinear, align_corners: false);
}
