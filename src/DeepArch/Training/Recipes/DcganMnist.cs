using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>dcgan-mnist</c>: an unconditional <see cref="Dcgan"/> (z of 64, widths 32 and 64) on MNIST, or on gray shapes
/// with <c>--synthetic N</c>; its 1,000 samples are judged by the yardstick (share of confident judgements, classes
/// covered, Fréchet distance on the judge's features).
/// </summary>
internal sealed class DcganMnist : DcganRecipe
{
    public override string Name => "dcgan-mnist";

    public override string Description => "DCGAN on MNIST (non-saturating GAN loss, samples judged by the yardstick).";

    private protected override DcganConfig Config { get; } = new(Latent: 64, Width: 32, MinibatchStd: true);

    public override Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        RequireUnconditional(request);
        return Draw(Gan(model), request.Count, request.Seed, labels: null);
    }
}
