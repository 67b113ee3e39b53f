using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Transformers;

/// <summary>
/// BERT's masked-token objective (Devlin et al. 2019, §3.1) for a bidirectional <see cref="Gpt"/>
/// (<see cref="GptConfig.Causal"/> off): a share of the positions of each window is replaced by a mask token and the
/// model predicts the original token there, seeing the context on both sides. (BERT also leaves 10 % of the chosen
/// tokens unchanged and swaps 10 % for random ones; this small version always masks.) The loss counts masked positions only.
/// </summary>
public sealed class MaskedTokenLearner : Learner
{
    private readonly Generator _generator;

    /// <summary>Wraps <paramref name="model"/>, whose last token id is the mask token.</summary>
    /// <param name="model">A bidirectional model.</param>
    /// <param name="maskRate">Share of positions masked per window (BERT: 0.15).</param>
    /// <param name="seed">Seed of the masked positions.</param>
    public MaskedTokenLearner(Gpt model, double maskRate = 0.15, int seed = 1) : base(model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Config.Causal)
            throw new ArgumentException("The masked-token objective needs a bidirectional model (GptConfig.Causal = false).", nameof(model));
        if (!(maskRate > 0 && maskRate < 1))
            throw new ArgumentOutOfRangeException(nameof(maskRate), $"The mask rate must be in (0, 1); got {maskRate}.");
        MaskRate = maskRate;
        MaskId = model.Config.VocabularySize - 1;
        _generator = new Generator((ulong)seed);
    }

    /// <summary>Share of positions masked per window.</summary>
    public double MaskRate { get; }

    /// <summary>The mask token's id: the last of the vocabulary.</summary>
    public long MaskId { get; }

    /// <summary>Masks windows <c>[B, T]</c>: the corrupted inputs and the targets (the original token where masked, −100 elsewhere).</summary>
    public (Tensor Inputs, Tensor Targets) Corrupt(Tensor ids)
    {
        var chosen = rand(ids.shape, generator: _generator).lt(MaskRate).to(ids.device);       // [B, T]
        return (ids.masked_fill(chosen, MaskId), ids.masked_fill(chosen.logical_not(), -100));
    }

    /// <summary>Loss at the masked positions of the windows' inputs (the targets are ignored: the inputs are the text).</summary>
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (inputs, targets) = Corrupt(batch.Inputs);
        var logits = ((Gpt)Model).forward(inputs);                                                  // [B, T, V]
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1), ignore_index: -100);
        return (loss, StepResult.FromLoss((int)targets.ne(-100).sum().item<long>(), loss.item<float>()));
    }

    /// <summary>AdamW.</summary>
    protected override optim.Optimizer ConfigureOptimizer() => optim.AdamW(Model.parameters(), LearningRate);
}
