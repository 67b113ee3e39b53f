using DeepArch.Data;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>Which way <see cref="Pix2PixPairs"/> translates.</summary>
public enum Pix2PixDirection
{
    /// <summary>Silhouette (1 channel, 1 on the shape) to coloured image (3 channels): the colour is not in the input.</summary>
    MaskToImage,

    /// <summary>Coloured image to silhouette: a segmentation, with one right answer per image.</summary>
    ImageToMask,
}

/// <summary>(condition, target) pairs for pix2pix made from <see cref="Shapes"/>: the shape's silhouette and its coloured image.</summary>
public static class Pix2PixPairs
{
    /// <summary>
    /// Pairs from <paramref name="shapes"/>: the silhouette <c>float32 [N, 1, H, W]</c> (1 where the mask is not
    /// background) and the image <c>float32 [N, 3, H, W]</c> in [0, 1], as (condition, target) in the direction asked.
    /// </summary>
    public static (Tensor Condition, Tensor Target) From(ShapesDataset shapes, Pix2PixDirection direction = Pix2PixDirection.MaskToImage)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.Images.Channels != 3)
            throw new ArgumentException($"pix2pix pairs need colour shapes (3 channels); got {shapes.Images.Channels}.", nameof(shapes));
        var silhouette = shapes.Masks.gt(0).to(ScalarType.Float32).unsqueeze(1);          // (N, 1, H, W)
        var image = shapes.Images.ToTensor();                                            // (N, 3, H, W)
        return direction == Pix2PixDirection.MaskToImage ? (silhouette, image) : (image, silhouette);
    }
}
