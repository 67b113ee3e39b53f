using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// The standard CIFAR augmentation as tensor ops on a whole batch: pad each image with zeros by
/// <see cref="Padding"/> pixels, crop a random window of the original size, and mirror it left–right with probability
/// ½. Each image gets its own crop and flip; a seeded generator makes the sequence repeatable.
/// </summary>
public sealed class RandomCropFlip
{
    private readonly Generator _generator;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="padding">Pixels of zero padding on each side (so the crop moves up to that far).</param>
    /// <param name="flip">Whether to mirror half of the images.</param>
    /// <param name="seed">Seed of the random crops and flips.</param>
    public RandomCropFlip(int padding = 4, bool flip = true, int seed = Seeding.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        Flip = flip;
        _generator = new Generator((ulong)seed);
    }

    /// <summary>Zero padding on each side, in pixels.</summary>
    public int Padding { get; }

    /// <summary>Whether images are mirrored at random.</summary>
    public bool Flip { get; }

    /// <summary>Augments a batch <c>[B, C, H, W]</c>; returns a new tensor of the same shape.</summary>
    /// <exception cref="ArgumentException">The batch is not 4-D.</exception>
    public Tensor Apply(Tensor images)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"RandomCropFlip expects a batch [B, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        var count = images.shape[0];
        using var rows = randint(0, 2 * Padding + 1, new[] { count }, generator: _generator);
        using var columns = randint(0, 2 * Padding + 1, new[] { count }, generator: _generator);
        using var coins = randint(0, Flip ? 2 : 1, new[] { count }, generator: _generator);
        using var flips = coins.eq(1);
        return CropFlip(images, Padding, rows, columns, flips);
    }

    /// <summary>
    /// Crops image <c>i</c> of the padded batch at (<paramref name="rows"/>[i], <paramref name="columns"/>[i]) and
    /// mirrors it where <paramref name="flips"/>[i]: two <c>gather</c>s, the flip folded into the column index.
    /// </summary>
    internal static Tensor CropFlip(Tensor images, int padding, Tensor rows, Tensor columns, Tensor flips)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var device = images.device;
        var padded = nn.functional.pad(images, new long[] { padding, padding, padding, padding });   // [B, C, H+2p, W+2p]
        var rowIndex = rows.to(device).unsqueeze(1).add(arange(h, device: device));                   // [B, H]
        var forward = columns.to(device).unsqueeze(1).add(arange(w, device: device));                 // [B, W]
        var backward = columns.to(device).unsqueeze(1).add(arange(w - 1, -1, -1, device: device));    // [B, W], mirrored
        var columnIndex = where(flips.to(device).unsqueeze(1), backward, forward);                    // [B, W]
        var band = padded.gather(2, rowIndex.view(b, 1, h, 1).expand(b, c, h, w + 2 * padding));      // [B, C, H, W+2p]
        return band.gather(3, columnIndex.view(b, 1, 1, w).expand(b, c, h, w)).MoveToOuterDisposeScope(); // [B, C, H, W]
    }
}
