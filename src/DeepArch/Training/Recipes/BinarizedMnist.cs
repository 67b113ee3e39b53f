using DeepArch.Data;

namespace DeepArch.Training.Recipes;

/// <summary>
/// The data of the likelihood-based generative recipes (<c>pixelrnn-mnist</c>, <c>rbm-mnist</c>): MNIST images in
/// [0, 1], not normalised (the learners binarise them), or gray generated shapes of the same size with --synthetic.
/// </summary>
internal static class BinarizedMnist
{
    public static RecipeData Load(RecipeOptions options, int batchSize, Func<RemoteDataset, Func<string?, bool, ImageSplits>, RecipeOptions, ImageSplits> loadReal)
    {
        if (options.SyntheticSamples is { } count)
        {
            var train = Shapes.Generate(count, size: 28, seed: options.Seed, grayscale: true);
            var test = Shapes.Generate(Math.Max(1, count / 4), size: 28, seed: options.Seed + 1, grayscale: true);
            return new RecipeData(new ImageDataModule(train.Images, test.Images, batchSize, normalize: false, seed: options.Seed),
                train.Count, test.Count, Synthetic: true, [train, test]);
        }
        var splits = loadReal(Mnist.Remote, Mnist.Load, options);
        return new RecipeData(splits.ToDataModule(batchSize, normalize: false, seed: options.Seed),
            splits.Train.Count, splits.Test.Count, Synthetic: false, [splits]);
    }
}
