using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Synthetic shape images with everything a lesson may ask of them: the shape class (<see cref="Images"/>'s labels),
/// the colour class, a segmentation mask and a French caption. Made by <see cref="Shapes.Generate"/>; owns its tensors.
/// </summary>
public sealed class ShapesDataset : IDisposable
{
    internal ShapesDataset(ImageDataset images, Tensor colors, Tensor masks, IReadOnlyList<string> captions, IReadOnlyList<ShapeSpec> specs)
    {
        Images = images;
        Colors = colors;
        Masks = masks;
        Captions = captions;
        Specs = specs;
    }

    /// <summary>The images (<c>uint8 [N, C, H, W]</c>) labelled by shape class, named by <see cref="Shapes.ShapeNames"/>.</summary>
    public ImageDataset Images { get; }

    /// <summary>The colour class of each shape, <c>int64 [N]</c>, named by <see cref="Shapes.ColorNames"/>.</summary>
    public Tensor Colors { get; }

    /// <summary>
    /// Per-pixel classes for segmentation, <c>uint8 [N, H, W]</c>: 0 for background (and where an occluder hides the
    /// shape), 1 + shape class where the shape covers at least half the pixel. Use <c>.to(int64)</c> for
    /// <c>cross_entropy</c>.
    /// </summary>
    public Tensor Masks { get; }

    /// <summary>A French caption per image, e.g. « étoile verte », for conditional generation.</summary>
    public IReadOnlyList<string> Captions { get; }

    /// <summary>Number of images.</summary>
    public int Count => Images.Count;

    internal IReadOnlyList<ShapeSpec> Specs { get; }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Colors.Dispose();
        Masks.Dispose();
    }
}
