using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>Loads an MNIST-layout folder: <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]</c>.</summary>
internal static class IdxImages
{
    /// <summary>File names of the four IDX files, as published (gzip-compressed).</summary>
    public static readonly string[] PublishedFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    public static ImageSplits Load(string folder, IReadOnlyList<string> classes)
    {
        var train = LoadSplit(folder, "train", classes, mean: null, std: null);
        try
        {
            return new ImageSplits(train, LoadSplit(folder, "t10k", classes, train.Mean, train.Std));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static ImageDataset LoadSplit(string folder, string prefix, IReadOnlyList<string> classes, IReadOnlyList<float>? mean, IReadOnlyList<float>? std)
    {
        var imagesPath = Idx.Locate(folder, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Idx.Locate(folder, $"{prefix}-labels-idx1-ubyte");
        var (imageShape, pixels) = Idx.Read(imagesPath);
        var (labelShape, labels) = Idx.Read(labelsPath);
        if (imageShape.Length != 3)
            throw new InvalidDataException($"{imagesPath} should hold images [N, H, W]; its shape is [{string.Join(", ", imageShape)}].");
        if (labelShape.Length != 1 || labelShape[0] != imageShape[0])
            throw new InvalidDataException(
                $"{labelsPath} holds [{string.Join(", ", labelShape)}] labels but {imagesPath} holds {imageShape[0]} images.");
        var largest = labels.Length == 0 ? 0 : labels.Max();
        if (largest >= classes.Count)
            throw new InvalidDataException($"{labelsPath} holds label {largest}; expected 0 to {classes.Count - 1}.");
        var pixelTensor = tensor(pixels, new[] { imageShape[0], 1, imageShape[1], imageShape[2] });   // [N, 1, H, W]
        using var labelBytes = tensor(labels, new[] { labelShape[0] });
        return new ImageDataset(pixelTensor, labelBytes.to_type(ScalarType.Int64), classes, mean, std);
    }
}
