using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Data;

/// <summary>
/// Subsets of an <see cref="ImageDataset"/> by class, for transfer learning: pretrain on some classes, then learn
/// other classes from a few labelled images each.
/// </summary>
public static class ClassSubsets
{
    /// <summary>
    /// The images of the given classes only, relabelled 0, 1, … in the order given (class <c>classes[i]</c> becomes
    /// label i), with their own normalisation statistics. The source keeps its tensors; the result owns copies.
    /// </summary>
    /// <param name="images">The source dataset.</param>
    /// <param name="classes">Source class indices to keep, at least one, without repeats.</param>
    /// <exception cref="ArgumentException">No class, a repeated class, a class out of range, or no image of the classes.</exception>
    public static ImageDataset OnlyClasses(this ImageDataset images, params int[] classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Length == 0 || classes.Distinct().Count() != classes.Length || classes.Any(c => c < 0 || c >= images.Classes.Count))
            throw new ArgumentException(
                $"Give distinct classes in [0, {images.Classes.Count}); got [{string.Join(", ", classes)}].", nameof(classes));
        var labels = images.Labels.data<long>().ToArray();
        var newLabel = classes.Select((c, i) => (c, i)).ToDictionary(pair => (long)pair.c, pair => (long)pair.i);
        var kept = Enumerable.Range(0, labels.Length).Where(i => newLabel.ContainsKey(labels[i])).Select(i => (long)i).ToArray();
        if (kept.Length == 0)
            throw new ArgumentException($"No image belongs to classes [{string.Join(", ", classes)}].", nameof(classes));
        return Select(images, kept, kept.Select(i => newLabel[labels[i]]).ToArray(), classes.Select(c => images.Classes[c]).ToList(), keepStatistics: false);
    }

    /// <summary>
    /// The first <paramref name="perClass"/> images of each class (all of a class that has fewer), in their original
    /// order, keeping the source's classes and normalisation statistics: a few labels look at the data through the
    /// same lens as the full set. The result owns copies.
    /// </summary>
    /// <param name="images">The source dataset.</param>
    /// <param name="perClass">Images to keep per class, at least 1.</param>
    public static ImageDataset TakePerClass(this ImageDataset images, int perClass)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var labels = images.Labels.data<long>().ToArray();
        var seen = new int[images.Classes.Count];
        var kept = Enumerable.Range(0, labels.Length).Where(i => seen[labels[i]]++ < perClass).Select(i => (long)i).ToArray();
        return Select(images, kept, kept.Select(i => labels[i]).ToArray(), images.Classes, keepStatistics: true);
    }

    private static ImageDataset Select(ImageDataset images, long[] indices, long[] labels, IReadOnlyList<string> classes, bool keepStatistics)
    {
        using var index = tensor(indices, dtype: int64);
        var pixels = images.Pixels.index_select(0, index);                   // [n, C, H, W]
        return keepStatistics
            ? new ImageDataset(pixels, tensor(labels, dtype: int64), classes, images.Mean, images.Std)
            : new ImageDataset(pixels, tensor(labels, dtype: int64), classes);
    }
}
