using DeepArch.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training.Recipes;

/// <summary>
/// <c>cgan-mnist</c>: a class-conditional <see cref="Dcgan"/> (Mirza &amp; Osindero, "Conditional GANs", 2014) on MNIST,
/// the label reaching both players; <c>deeparch sample cgan-mnist --class 7</c> draws sevens. Without a class, the
/// samples cycle through the ten classes (0, 1, …, 9, 0, …), so the yardstick sees every class equally often. With
/// <c>--synthetic N</c> it trains on gray shapes, whose labels are the five shape classes (classes 5–9 then never train).
/// </summary>
internal sealed class CganMnist : DcganRecipe
{
    /// <summary>Classes the model is conditioned on: MNIST's ten digits.</summary>
    public const int ClassCount = 10;

    public override string Name => "cgan-mnist";

    public override string Description => "Class-conditional DCGAN on MNIST (deeparch sample --class C, samples judged by the yardstick).";

    private protected override DcganConfig Config { get; } = new(Latent: 64, Width: 32, Classes: ClassCount, MinibatchStd: true);

    public override Tensor Generate(nn.Module<Tensor, Tensor> model, SampleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        if (request.Class is < 0 or >= ClassCount)
            throw new ArgumentException($"{Name} draws classes 0 to {ClassCount - 1}; got --class {request.Class}.");
        request.AcceptOnly($"{Name} draws images of a class", "--class");
        using var labels = request.Class is { } c
            ? full(request.Count, (long)c, dtype: ScalarType.Int64)
            : arange(request.Count, dtype: ScalarType.Int64).remainder(ClassCount);      // (N): 0, 1, …, 9, 0, …
        return Draw(Gan(model), request.Count, request.Seed, labels);
    }
}
