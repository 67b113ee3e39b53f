using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// How useful features are for classification with few labels: a multinomial logistic regression trained on
/// features of a few labelled examples and scored on test features. Used to compare RBM or DBN features with raw
/// pixels (an unsupervised feature extractor pays off when labels are scarce).
/// </summary>
public static class RbmFeatureProbe
{
    /// <summary>Trains a logistic regression (full-batch Adam, light L2) and returns its test accuracy in [0, 1].</summary>
    /// <param name="trainFeatures">Features of the labelled examples, <c>[N, D]</c>.</param>
    /// <param name="trainLabels">Their classes, int64 <c>[N]</c>.</param>
    /// <param name="testFeatures">Test features, <c>[M, D]</c>.</param>
    /// <param name="testLabels">Test classes, int64 <c>[M]</c>.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="steps">Full-batch optimisation steps.</param>
    /// <param name="weightDecay">L2 penalty on the weights.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    public static double Accuracy(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels,
        int classes, int steps = 300, double weightDecay = 1e-3, int seed = 0)
    {
        if (trainFeatures.dim() != 2 || testFeatures.dim() != 2 || trainFeatures.shape[1] != testFeatures.shape[1])
            throw new ArgumentException(
                $"Features must be [N, D] and [M, D]; got [{string.Join(", ", trainFeatures.shape)}] and [{string.Join(", ", testFeatures.shape)}].");
        if (trainLabels.shape[0] != trainFeatures.shape[0] || testLabels.shape[0] != testFeatures.shape[0])
            throw new ArgumentException("Give one label per feature row.");
        using var scope = NewDisposeScope();
        Runtime.Seeding.Seed(seed);
        using var probe = nn.Linear(trainFeatures.shape[1], classes).to(trainFeatures.device);
        var optimizer = optim.Adam(probe.parameters(), 0.05, weight_decay: weightDecay);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(probe.call(trainFeatures), trainLabels).backward();
            optimizer.step();
        }
        using var _ = no_grad();
        return probe.call(testFeatures).argmax(1).eq(testLabels).to_type(ScalarType.Float32).mean().item<float>();
    }
}
