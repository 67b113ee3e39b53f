using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The outcome of an adversarial attack: the perturbed images, how big the perturbation is, and the network's
/// predictions before and after.
/// </summary>
/// <param name="Images">Perturbed images <c>[B, C, H, W]</c>, still in [0, 1].</param>
/// <param name="Before">Predicted class of each clean image.</param>
/// <param name="After">Predicted class of each perturbed image.</param>
/// <param name="Labels">The true labels the attack pushed away from.</param>
/// <param name="MaxChange">Largest change of any pixel (the L∞ norm of the perturbation), in [0, 1] pixel units.</param>
/// <param name="MeanChange">Mean absolute change of a pixel.</param>
public sealed record AdversarialResult(Tensor Images, long[] Before, long[] After, long[] Labels, double MaxChange, double MeanChange)
{
    /// <summary>Share of the images the network classified correctly before the attack.</summary>
    public double CleanAccuracy => Before.Zip(Labels).Count(p => p.First == p.Second) / (double)Labels.Length;

    /// <summary>Share of the images the network classifies correctly after the attack.</summary>
    public double AttackedAccuracy => After.Zip(Labels).Count(p => p.First == p.Second) / (double)Labels.Length;

    /// <summary>Among the images classified correctly before the attack, the share whose prediction changed.</summary>
    public double FlipRate
    {
        get
        {
            var correct = Enumerable.Range(0, Labels.Length).Where(i => Before[i] == Labels[i]).ToArray();
            return correct.Length == 0 ? 0 : correct.Count(i => After[i] != Before[i]) / (double)correct.Length;
        }
    }
}

/// <summary>
/// Adversarial examples, the flip side of input gradients: a perturbation too small to see that changes the
/// prediction. The fast gradient sign method (Goodfellow, Shlens, Szegedy, "Explaining and harnessing adversarial
/// examples", ICLR 2015) and its iterated, projected version (Madry et al., ICLR 2018).
/// </summary>
public static class Adversarial
{
    /// <summary>FGSM: x' = clip(x + ε·sign(∂L(x, y)/∂x)) with L the cross-entropy of the true labels (Goodfellow et al., eq. 3).</summary>
    /// <param name="logits">Maps images <c>[B, C, H, W]</c> in [0, 1] to class logits <c>[B, K]</c>.</param>
    /// <param name="images">Clean images <c>[B, C, H, W]</c> in [0, 1].</param>
    /// <param name="labels">True labels <c>[B]</c>.</param>
    /// <param name="epsilon">Largest change of a pixel.</param>
    public static AdversarialResult Fgsm(Func<Tensor, Tensor> logits, Tensor images, Tensor labels, double epsilon) =>
        ProjectedGradient(logits, images, labels, epsilon, steps: 1, stepSize: epsilon);

    /// <summary>
    /// Projected gradient ascent on the loss: <paramref name="steps"/> FGSM steps of <paramref name="stepSize"/>, each
    /// followed by a projection back into the ε-ball around the clean image and into [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or sizes are out of range.</exception>
    public static AdversarialResult ProjectedGradient(Func<Tensor, Tensor> logits, Tensor images, Tensor labels,
        double epsilon, int steps = 10, double? stepSize = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dim() != 4 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException(
                $"An attack takes images [B, C, H, W] and labels [B]; got [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}].");
        if (epsilon < 0 || steps < 1)
            throw new ArgumentException($"An attack needs ε ≥ 0 and at least one step; got ε = {epsilon}, {steps} steps.");
        var alpha = stepSize ?? 2.5 * epsilon / steps;
        var clean = images.detach();
        var target = labels.to(ScalarType.Int64);
        var x = clean.clone();
        Tensor Loss(Tensor input) => nn.functional.cross_entropy(logits(input), target, reduction: nn.Reduction.Sum).neg();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var gradient = InputGradient.Gradient(Loss, x);          // ∂(−L)/∂x: descending −L ascends L
            var next = x - gradient.sign().mul(alpha);
            next = next.maximum(clean - epsilon).minimum(clean + epsilon).clamp(0, 1);   // project
            x.Dispose();
            x = next.detach().MoveToOuterDisposeScope();
        }
        using var noGrad = no_grad();
        var before = logits(clean).argmax(1).cpu().data<long>().ToArray();
        var after = logits(x).argmax(1).cpu().data<long>().ToArray();
        using var change = (x - clean).abs();
        return new AdversarialResult(x, before, after, target.cpu().data<long>().ToArray(),
            change.max().item<float>(), change.mean().item<float>());
    }
}
