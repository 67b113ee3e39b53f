using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Sizes of a <see cref="Draw"/> network.</summary>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
/// <param name="Steps">T, the drawing steps.</param>
/// <param name="EncoderSize">State size of the encoder LSTM.</param>
/// <param name="DecoderSize">State size of the decoder LSTM.</param>
/// <param name="LatentSize">Size of z_t at each step.</param>
/// <param name="ReadSize">N of the read window (the paper uses 2 on MNIST).</param>
/// <param name="WriteSize">N of the write window (the paper uses 5 on MNIST).</param>
public sealed record DrawConfig(int Height = 28, int Width = 28, int Steps = 8, int EncoderSize = 128, int DecoderSize = 128,
    int LatentSize = 10, int ReadSize = 2, int WriteSize = 5);

/// <summary>What a pass of <see cref="Draw"/> produced.</summary>
/// <param name="CanvasLogits">The final canvas c_T as logits, <c>[B, 1, H, W]</c>: <c>σ(c_T)</c> is p(x | z).</param>
/// <param name="Kl">Σ_t KL(Q(z_t | h_enc) ‖ N(0, I)) per image, in nats, <c>[B]</c>.</param>
/// <param name="Canvases">σ(c_t) after each step (when asked for), <c>[B, 1, H, W]</c> each.</param>
/// <param name="ReadWindows">Where each step read (when asked for; empty when generating).</param>
/// <param name="WriteWindows">Where each step wrote (when asked for).</param>
public sealed record DrawPass(Tensor CanvasLogits, Tensor Kl, IReadOnlyList<Tensor> Canvases,
    IReadOnlyList<DrawWindow> ReadWindows, IReadOnlyList<DrawWindow> WriteWindows);

/// <summary>
/// DRAW, the Deep Recurrent Attentive Writer (Gregor et al. 2015): a variational autoencoder made recurrent. Over T
/// steps an encoder LSTM reads the image and the error of the canvas so far through a Gaussian window, a latent
/// z_t is drawn from its posterior, and a decoder LSTM adds a patch to the canvas through another window, so the
/// picture improves part by part. The loss is the negative evidence lower bound: −log p(x | c_T) + Σ_t KL_t (eqs. 9–12).
/// Forward returns the final canvas logits <c>[B, 1, H, W]</c> for images <c>[B, 1, H, W]</c> in [0, 1].
/// </summary>
public sealed class Draw : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.LSTMCell encoder;
    private readonly TorchSharp.Modules.LSTMCell decoder;
    private readonly TorchSharp.Modules.Linear readParameters;
    private readonly TorchSharp.Modules.Linear writeParameters;
    private readonly TorchSharp.Modules.Linear writePatch;
    private readonly TorchSharp.Modules.Linear mean;
    private readonly TorchSharp.Modules.Linear logSigma;

    /// <summary>Creates the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive (windows need N ≥ 2).</exception>
    public Draw(DrawConfig? config = null) : base(nameof(Draw))
    {
        Config = config ??= new DrawConfig();
        foreach (var size in new[] { config.Height, config.Width, config.Steps, config.EncoderSize, config.DecoderSize, config.LatentSize })
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.ReadSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.WriteSize, 2);
        var readWidth = 2 * config.ReadSize * config.ReadSize;                       // patches of x and of x̂
        encoder = nn.LSTMCell(readWidth + config.DecoderSize, config.EncoderSize);
        decoder = nn.LSTMCell(config.LatentSize, config.DecoderSize);
        readParameters = nn.Linear(config.DecoderSize, 5);
        writeParameters = nn.Linear(config.DecoderSize, 5);
        writePatch = nn.Linear(config.DecoderSize, config.WriteSize * config.WriteSize);
        mean = nn.Linear(config.EncoderSize, config.LatentSize);
        logSigma = nn.Linear(config.EncoderSize, config.LatentSize);
        RegisterComponents();
    }

    /// <summary>The sizes.</summary>
    public DrawConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Run(input).CanvasLogits;

    /// <summary>Encodes and redraws <paramref name="images"/> <c>[B, 1, H, W]</c> in [0, 1] over T steps (eqs. 3–8).</summary>
    /// <param name="images">The images.</param>
    /// <param name="keepSteps">Also return every intermediate canvas and the windows.</param>
    /// <exception cref="ArgumentException">The images do not have the configured shape.</exception>
    public DrawPass Run(Tensor images, bool keepSteps = false)
    {
        CheckImages(images);
        var x = images.squeeze(1);                                                    // [B, H, W]
        var batch = x.shape[0];
        var device = x.device;
        var canvas = zeros_like(x);                                                   // c_0 [B, H, W]
        (Tensor H, Tensor C) enc = (zeros(batch, Config.EncoderSize, device: device), zeros(batch, Config.EncoderSize, device: device));
        (Tensor H, Tensor C) dec = (zeros(batch, Config.DecoderSize, device: device), zeros(batch, Config.DecoderSize, device: device));
        var kl = zeros(batch, device: device);
        var canvases = new List<Tensor>();
        var reads = new List<DrawWindow>();
        var writes = new List<DrawWindow>();
        for (var t = 0; t < Config.Steps; t++)
        {
            var error = x.sub(sigmoid(canvas));                                       // x̂_t = x − σ(c_{t−1})   (eq. 3)
            var readWindow = DrawAttention.Window(readParameters.call(dec.H), Config.Height, Config.Width, Config.ReadSize);
            var (fx, fy) = DrawAttention.Filterbanks(readWindow, Config.Height, Config.Width);
            var read = cat([DrawAttention.Read(x, fx, fy, readWindow.Intensity),
                            DrawAttention.Read(error, fx, fy, readWindow.Intensity)], 1);   // r_t   (eq. 4)
            enc = encoder.call(cat([read, dec.H], 1), enc);                          // h_enc_t   (eq. 5)
            var mu = mean.call(enc.H);
            var logS = logSigma.call(enc.H);
            var z = mu.add(logS.exp().mul(randn_like(mu)));                         // z_t ~ Q(z_t | h_enc_t)   (eq. 6)
            // KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ (μ² + σ² − 2 log σ − 1)   (eq. 11)
            kl = kl.add(mu.square().add(logS.mul(2).exp()).sub(logS.mul(2)).sub(1).sum(1).mul(0.5));
            dec = decoder.call(z, dec);                                               // h_dec_t   (eq. 7)
            var writeWindow = Write(dec.H, ref canvas);                               // c_t = c_{t−1} + write(h_dec_t)   (eq. 8)
            if (keepSteps)
            {
                canvases.Add(sigmoid(canvas).unsqueeze(1));
                reads.Add(readWindow);
                writes.Add(writeWindow);
            }
        }
        return new DrawPass(canvas.unsqueeze(1), kl, canvases, reads, writes);
    }

    /// <summary>
    /// Generates <paramref name="count"/> images: z_t ~ N(0, I) at each step, decoded and written on the canvas
    /// (§2.3). Returns the pass with the final canvas logits and, when asked, every step's canvas and write window.
    /// </summary>
    public DrawPass Generate(int count, bool keepSteps = false, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        device ??= mean.weight!.device;
        var canvas = zeros(count, Config.Height, Config.Width, device: device);
        (Tensor H, Tensor C) dec = (zeros(count, Config.DecoderSize, device: device), zeros(count, Config.DecoderSize, device: device));
        var canvases = new List<Tensor>();
        var writes = new List<DrawWindow>();
        for (var t = 0; t < Config.Steps; t++)
        {
            dec = decoder.call(randn(count, Config.LatentSize, device: device), dec);
            var window = Write(dec.H, ref canvas);
            if (keepSteps)
            {
                canvases.Add(sigmoid(canvas).unsqueeze(1));
                writes.Add(window);
            }
        }
        return new DrawPass(canvas.unsqueeze(1), zeros(count, device: device), canvases, [], writes);
    }

    // write(h_dec) = (1/γ̂) F̂_Yᵀ w_t F̂_X with w_t = W(h_dec)   (eqs. 28–29), added to the canvas
    private DrawWindow Write(Tensor decoderState, ref Tensor canvas)
    {
        var window = DrawAttention.Window(writeParameters.call(decoderState), Config.Height, Config.Width, Config.WriteSize);
        var (fx, fy) = DrawAttention.Filterbanks(window, Config.Height, Config.Width);
        var patch = writePatch.call(decoderState).view(-1, Config.WriteSize, Config.WriteSize);    // [B, N, N]
        canvas = canvas.add(DrawAttention.Write(patch, fx, fy, window.Intensity));
        return window;
    }

    private void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != Config.Height || images.shape[3] != Config.Width)
            throw new ArgumentException($"DRAW expects gray images [B, 1, {Config.Height}, {Config.Width}]; got [{string.Join(", ", images.shape)}].");
    }
}
