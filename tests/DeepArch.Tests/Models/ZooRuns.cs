using DeepArch.Models;
using DeepArch.Models.Analysis;
using static TorchSharp.torch;

namespace DeepArch.Tests.Models;

/// <summary>
/// Builds every zoo model once (the big ones take seconds just to allocate and initialize), and records its summary
/// at the native input and a real training-mode forward pass of two small images, then releases it.
/// </summary>
public sealed class ZooRuns
{
    /// <summary>Sides above this are shrunk for the real forward pass; every zoo model accepts 64×64.</summary>
    public const long SmallSide = 64;

    public sealed record Run(ModelSummary Summary, long[] SmallInput, long[] SmallOutput);

    public ZooRuns()
    {
        foreach (var model in ModelZoo.Models)
        {
            using var network = model.Create();
            var summary = ModelSummary.Of(network, [.. model.InputShape]);
            long[] small = [2, model.InputShape[0], .. model.InputShape.Skip(1).Select(side => Math.Min(side, SmallSide))];
            network.train();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Runs[model.Name] = new Run(summary, small, network.call(randn(small)).shape);
        }
    }

    public Dictionary<string, Run> Runs { get; } = [];
}
