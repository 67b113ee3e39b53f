using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Sizes of a <see cref="PixelRnn"/>.</summary>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
/// <param name="RowHidden">State size of the LSTM that runs down the rows.</param>
/// <param name="UnitsPerColumn">Hidden units of the in-row network per column (the in-row layer has Width × this).</param>
public sealed record PixelRnnConfig(int Height = 28, int Width = 28, int RowHidden = 128, int UnitsPerColumn = 8);

/// <summary>
/// An autoregressive image model in the spirit of PixelRNN (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016) for
/// binary images: <c>p(x) = Π_i p(x_i | x_1, …, x_{i−1})</c> in raster order (eq. 1 of the paper), so the
/// likelihood is exact. A simpler row-recurrent variant of the Row LSTM: an LSTM runs down the rows and its state
/// at row r summarises every row above r (the Row LSTM sees a triangle above the pixel; this one sees all of it);
/// within row r a masked network (MADE, Germain et al. 2015) lets column c see only columns &lt; c of its own row.
/// Forward returns the logits of <c>p(x_rc = 1 | pixels before it)</c>, <c>[B, 1, H, W]</c>.
/// </summary>
public sealed class PixelRnn : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.LSTM rows;
    private readonly TorchSharp.Modules.Linear contextToHidden;
    private readonly TorchSharp.Modules.Linear contextToOutput;
    private readonly TorchSharp.Modules.Parameter inputToHidden;
    private readonly TorchSharp.Modules.Parameter hiddenToOutput;
    private readonly TorchSharp.Modules.Parameter inputToOutput;
#pragma warning disable IDE1006, SA1300 // buffer names as state dicts spell them
    private readonly Tensor input_mask;
    private readonly Tensor output_mask;
    private readonly Tensor direct_mask;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is too small (images need at least 2 columns).</exception>
    public PixelRnn(PixelRnnConfig? config = null) : base(nameof(PixelRnn))
    {
        Config = config ??= new PixelRnnConfig();
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.RowHidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.UnitsPerColumn, 1);
        int w = config.Width, d = config.Width * config.UnitsPerColumn;
        rows = nn.LSTM(w, config.RowHidden, batchFirst: true);
        contextToHidden = nn.Linear(config.RowHidden, d);
        contextToOutput = nn.Linear(config.RowHidden, w);
        var bound = 1 / Math.Sqrt(w);
        inputToHidden = nn.Parameter(empty(d, w).uniform_(-bound, bound));
        hiddenToOutput = nn.Parameter(empty(w, d).uniform_(-1 / Math.Sqrt(d), 1 / Math.Sqrt(d)));
        inputToOutput = nn.Parameter(empty(w, w).uniform_(-bound, bound));
        // MADE degrees: hidden unit k has degree m_k in 0..W−2; it may see columns j ≤ m_k and feed columns c > m_k,
        // so output c depends on input j only through units with j ≤ m_k < c, i.e. only when j < c.
        var degrees = arange(d).remainder(w - 1);                                    // [D]
        var columns = arange(w);                                                      // [W]
        input_mask = columns.unsqueeze(0).le(degrees.unsqueeze(1)).to_type(ScalarType.Float32);    // [D, W]
        output_mask = degrees.unsqueeze(0).lt(columns.unsqueeze(1)).to_type(ScalarType.Float32);   // [W, D]
        direct_mask = ones(w, w).tril(-1);                                            // [W, W], j < c
        register_buffer(nameof(input_mask), input_mask);
        register_buffer(nameof(output_mask), output_mask);
        register_buffer(nameof(direct_mask), direct_mask);
        RegisterComponents();
    }

    /// <summary>The sizes.</summary>
    public PixelRnnConfig Config { get; }

    /// <summary>Logits of each pixel given the pixels before it in raster order, <c>[B, 1, H, W]</c>, for binary images <c>[B, 1, H, W]</c>.</summary>
    /// <exception cref="ArgumentException">The images do not have the configured shape.</exception>
    public override Tensor forward(Tensor input)
    {
        CheckImages(input);
        var x = input.squeeze(1);                                                     // [B, H, W]
        var context = RowContext(x);                                                  // [B, H, R]
        return RowLogits(context, x).unsqueeze(1);                                    // [B, 1, H, W]
    }

    /// <summary>Exact negative log-likelihood of each binary image in nats, <c>[B]</c>: <c>−Σ_i log p(x_i | x_&lt;i)</c>.</summary>
    public Tensor NegativeLogLikelihood(Tensor images)
    {
        var logits = forward(images);
        return nn.functional.binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None).flatten(1).sum(1);
    }

    /// <summary>Converts nats per image to bits per dimension (pixel): <c>nats / (H·W·ln 2)</c>.</summary>
    public double BitsPerDimension(double natsPerImage) => natsPerImage / (Config.Height * Config.Width * Math.Log(2));

    /// <summary>Binarises images in [0, 1] at 0.5 (a fixed threshold, not the stochastic binarisation of the literature).</summary>
    public static Tensor Binarize(Tensor images) => images.gt(0.5).to_type(ScalarType.Float32);

    /// <summary>Draws <paramref name="count"/> images pixel by pixel from the model, <c>[count, 1, H, W]</c> in {0, 1}.</summary>
    public Tensor Sample(int count, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var blank = zeros(count, 1, Config.Height, Config.Width, device: device ?? contextToOutput.weight!.device);
        return Complete(blank, knownRows: 0);
    }

    /// <summary>
    /// Keeps the first <paramref name="knownRows"/> rows of each image and draws the rest pixel by pixel, each from
    /// <c>p(x_i | x_&lt;i)</c>: the completions of half-hidden images in the paper's figure. Returns <c>[B, 1, H, W]</c> in {0, 1}.
    /// </summary>
    /// <exception cref="ArgumentException">The images do not have the configured shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number of known rows is out of range.</exception>
    public Tensor Complete(Tensor images, int knownRows)
    {
        CheckImages(images);
        ArgumentOutOfRangeException.ThrowIfNegative(knownRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(knownRows, Config.Height);
        using var _ = no_grad();
        var canvas = images.squeeze(1).clone();                                       // [B, H, W]
        canvas.narrow(1, knownRows, Config.Height - knownRows).zero_();
        for (var r = knownRows; r < Config.Height; r++)
        {
            using var scope = NewDisposeScope();
            var context = RowContext(canvas).narrow(1, r, 1);                        // [B, 1, R]
            for (var c = 0; c < Config.Width; c++)
            {
                using var pixelScope = NewDisposeScope();
                var logits = RowLogits(context, canvas.narrow(1, r, 1));            // [B, 1, W]
                canvas[.., r, c] = bernoulli(sigmoid(logits[.., 0, c]));
            }
        }
        return canvas.unsqueeze(1);
    }

    // The LSTM reads row r−1 at step r (row 0 reads zeros), so its output at r depends on rows < r only: [B, H, W] → [B, H, R]
    private Tensor RowContext(Tensor x)
    {
        var above = nn.functional.pad(x.narrow(1, 0, x.shape[1] - 1), [0, 0, 1, 0]); // [B, H, W], shifted down one row
        var (output, _, _) = rows.call(above);
        return output;
    }

    // In-row MADE conditioned on the row context: [B, H, R] and [B, H, W] → [B, H, W]
    private Tensor RowLogits(Tensor context, Tensor x)
    {
        var hidden = nn.functional.relu(nn.functional.linear(x, inputToHidden.mul(input_mask)).add(contextToHidden.call(context)));  // [B, H, D]
        return nn.functional.linear(hidden, hiddenToOutput.mul(output_mask))
            .add(nn.functional.linear(x, inputToOutput.mul(direct_mask)))
            .add(contextToOutput.call(context));
    }

    private void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != Config.Height || images.shape[3] != Config.Width)
            throw new ArgumentException(
                $"PixelRnn expects binary images [B, 1, {Config.Height}, {Config.Width}]; got [{string.Join(", ", images.shape)}].");
    }
}
