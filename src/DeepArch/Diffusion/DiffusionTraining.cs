using DeepArch.Data;
using DeepArch.Runtime;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using static TorchSharp.torch;

namespace DeepArch.Diffusion;

/// <summary>A short training run of a caption-conditioned diffusion model on generated shapes, for notebooks without a checkpoint.</summary>
public static class DiffusionTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (conditioned on captions, 28×28 RGB) on <paramref name="images"/> generated shapes with
    /// their captions for <paramref name="epochs"/> epochs: the <c>ddpm-shapes</c> recipe's learner and optimiser (AdamW,
    /// one-cycle, peak 2·10⁻³, condition dropped with probability 0.2), without its measurements.
    /// </summary>
    /// <returns>The training history (loss per epoch).</returns>
    /// <exception cref="ArgumentException">The model is not caption-conditioned on 3-channel images.</exception>
    public static TrainingHistory TrainOnShapes(DiffusionModel model, int images, int epochs, Device? device = null, int seed = Seeding.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (model.Config.Condition != DiffusionCondition.Caption || model.Config.Denoiser.Channels != 3)
            throw new ArgumentException("TrainOnShapes trains a caption-conditioned model of RGB images.", nameof(model));
        using var shapes = Shapes.Generate(images, size: 28, seed: seed);
        using var pixels = shapes.Images.ToTensor();                                  // [N, 3, 28, 28] in [0, 1]
        using var tokens = CaptionVocabulary.Shapes.Encode(shapes.Captions);          // [N, 2]
        var data = new TensorDataModule(pixels, tokens, batchSize: 64, shuffle: true, seed: seed);
        Seeding.Seed(seed);
        var learner = new OneCycleLearner(new DiffusionLearner(model), 2e-3, 0, epochs * (data.TrainBatchCount ?? 1));
        return new Trainer(new TrainerOptions { Epochs = epochs, Device = device ?? Devices.Select() }).Fit(learner, data);
    }
}
