using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// A restricted Boltzmann machine with binary visible and hidden units (Smolensky 1986; Hinton 2002): a bipartite
/// energy model, <c>E(v, h) = −bᵀv − cᵀh − hᵀWv</c>, whose units of one layer are independent given the other, so
/// Gibbs sampling alternates whole layers. Trained by contrastive divergence (<see cref="ContrastiveDivergence"/>,
/// explicit updates) or, equivalently, by any optimiser on <see cref="ContrastiveDivergenceLoss"/>.
/// The forward pass is the mean-field reconstruction <c>p(v | E[h | v])</c>, in the input's shape.
/// </summary>
public sealed class Rbm : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates an RBM with small random weights (N(0, 0.01²), as Hinton's practical guide advises) and zero biases.</summary>
    /// <param name="visible">Visible units, e.g. 784 for 28×28 digits.</param>
    /// <param name="hidden">Hidden units (feature detectors).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Rbm(int visible, int hidden) : base(nameof(Rbm))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visible, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Visible = visible;
        Hidden = hidden;
        weight = nn.Parameter(randn(hidden, visible).mul_(0.01f));     // W [H, V]
        visible_bias = nn.Parameter(zeros(visible));                    // b [V]
        hidden_bias = nn.Parameter(zeros(hidden));                      // c [H]
        RegisterComponents();
    }

#pragma warning disable IDE1006, SA1300 // parameter names as state dicts spell them
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter visible_bias;
    private readonly TorchSharp.Modules.Parameter hidden_bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>Visible units.</summary>
    public int Visible { get; }

    /// <summary>Hidden units.</summary>
    public int Hidden { get; }

    /// <summary>The weights W, <c>[hidden, visible]</c>: row j is hidden unit j's filter.</summary>
    public Tensor Weight => weight;

    /// <summary>The visible biases b, <c>[visible]</c>.</summary>
    public Tensor VisibleBias => visible_bias;

    /// <summary>The hidden biases c, <c>[hidden]</c>.</summary>
    public Tensor HiddenBias => hidden_bias;

    /// <summary>Mean-field reconstruction <c>p(v = 1 | h = p(h | v))</c> of <paramref name="input"/> (<c>[B, V]</c> or images <c>[B, C, H, W]</c> with C·H·W = V), same shape.</summary>
    public override Tensor forward(Tensor input)
    {
        var v = Flatten(input);                                                  // [B, V]
        return VisibleProbabilities(HiddenProbabilities(v)).reshape(input.shape);
    }

    /// <summary><c>p(h_j = 1 | v) = σ(c_j + W_j·v)</c> for every hidden unit, <c>[B, H]</c>.</summary>
    public Tensor HiddenProbabilities(Tensor visible) => sigmoid(nn.functional.linear(Flatten(visible), weight, hidden_bias));

    /// <summary><c>p(v_i = 1 | h) = σ(b_i + Σ_j h_j W_ji)</c> for every visible unit, <c>[B, V]</c>.</summary>
    public Tensor VisibleProbabilities(Tensor hidden)
    {
        CheckWidth(hidden, Hidden, "hidden");
        return sigmoid(hidden.matmul(weight).add(visible_bias));                // [B, H]·[H, V] → [B, V]
    }

    /// <summary>The energy <c>E(v, h) = −bᵀv − cᵀh − hᵀWv</c> of each pair of rows, <c>[B]</c>.</summary>
    public Tensor Energy(Tensor visible, Tensor hidden)
    {
        var v = Flatten(visible);
        CheckWidth(hidden, Hidden, "hidden");
        var interaction = hidden.matmul(weight).mul(v).sum(1);                  // hᵀWv, [B]
        return v.matmul(visible_bias).add(hidden.matmul(hidden_bias)).add(interaction).neg();
    }

    /// <summary>
    /// The free energy <c>F(v) = −bᵀv − Σ_j log(1 + exp(c_j + W_j·v))</c>, with <c>p(v) ∝ exp(−F(v))</c>: the energy with
    /// the hidden units summed out, <c>[B]</c>.
    /// </summary>
    public Tensor FreeEnergy(Tensor visible)
    {
        var v = Flatten(visible);
        var hiddenTerm = nn.functional.softplus(nn.functional.linear(v, weight, hidden_bias)).sum(1);  // [B]
        return v.matmul(visible_bias).add(hiddenTerm).neg();
    }

    /// <summary>Runs <paramref name="steps"/> full Gibbs steps v → h → v from <paramref name="visible"/>; returns the last binary visible states <c>[B, V]</c> and their probabilities.</summary>
    /// <param name="visible">Start states <c>[B, V]</c> (or images).</param>
    /// <param name="steps">Gibbs steps, at least 1.</param>
    /// <param name="sample">Draws binary states from probabilities; Bernoulli draws from torch's generator by default.</param>
    public (Tensor States, Tensor Probabilities) Gibbs(Tensor visible, int steps, Func<Tensor, Tensor>? sample = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        sample ??= DrawBernoulli;
        using var _ = no_grad();
        var v = Flatten(visible);
        Tensor p = v;
        for (var step = 0; step < steps; step++)
        {
            var h = sample(HiddenProbabilities(v));
            p = VisibleProbabilities(h);
            v = sample(p);
        }
        return (v, p);
    }

    /// <summary>
    /// Fills in the unknown pixels of <paramref name="visible"/> by Gibbs sampling with the known ones clamped: each step
    /// draws h from p(h | v), then the unknown units from p(v | h), keeping the known units as given. Returns the last
    /// p(v | h) on the unknown units and the given values on the known ones, <c>[B, V]</c>.
    /// </summary>
    /// <param name="visible">Partial data <c>[B, V]</c> (or images); values under unknown units are ignored.</param>
    /// <param name="known">1 where a unit is known, same shape as <paramref name="visible"/>.</param>
    /// <param name="steps">Gibbs steps.</param>
    public Tensor Inpaint(Tensor visible, Tensor known, int steps = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var _ = no_grad();
        var v0 = Flatten(visible);
        var mask = Flatten(known).to_type(ScalarType.Bool);
        var v = where(mask, v0, zeros_like(v0));
        Tensor p = v;
        for (var step = 0; step < steps; step++)
        {
            p = VisibleProbabilities(bernoulli(HiddenProbabilities(v)));
            v = where(mask, v0, bernoulli(p));
        }
        return where(mask, v0, p);
    }

    /// <summary>
    /// One contrastive-divergence CD-k update (Hinton 2002) on the batch <paramref name="visible"/>, applied in place
    /// with plain gradient ascent on the log-likelihood's CD approximation:
    /// <c>ΔW = ε (⟨h vᵀ⟩_data − ⟨h vᵀ⟩_k)</c>, <c>Δb = ε (⟨v⟩_data − ⟨v⟩_k)</c>, <c>Δc = ε (⟨h⟩_data − ⟨h⟩_k)</c>, where
    /// the data statistics use <c>p(h | v₀)</c> and the model's use the k-th Gibbs sample v_k with <c>p(h | v_k)</c>.
    /// </summary>
    /// <param name="visible">Binary data <c>[B, V]</c> (or images).</param>
    /// <param name="k">Gibbs steps of the negative phase.</param>
    /// <param name="learningRate">ε.</param>
    /// <param name="sample">Draws binary states from probabilities; Bernoulli by default (a test passes a deterministic one).</param>
    /// <returns>The mean squared reconstruction error <c>‖v₀ − p(v | h₀)‖²</c> per unit, a rough progress measure.</returns>
    public double ContrastiveDivergence(Tensor visible, int k, double learningRate, Func<Tensor, Tensor>? sample = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        sample ??= DrawBernoulli;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var v0 = Flatten(visible);
        var batch = v0.shape[0];
        var h0Probabilities = HiddenProbabilities(v0);                        // [B, H]
        var h = sample(h0Probabilities);
        var reconstruction = VisibleProbabilities(h);                          // [B, V]
        Tensor vk = v0, hkProbabilities = h0Probabilities;
        for (var step = 0; step < k; step++)
        {
            vk = sample(VisibleProbabilities(h));
            hkProbabilities = HiddenProbabilities(vk);
            if (step < k - 1)
                h = sample(hkProbabilities);
        }
        var scale = learningRate / batch;
        // ⟨h vᵀ⟩ summed over the batch: [H, B]·[B, V] → [H, V]
        weight.add_(h0Probabilities.t().matmul(v0).sub_(hkProbabilities.t().matmul(vk)).mul_(scale));
        visible_bias.add_(v0.sub(vk).sum(0L).mul_(scale));
        hidden_bias.add_(h0Probabilities.sub(hkProbabilities).sum(0L).mul_(scale));
        return v0.sub(reconstruction).square().mean().item<float>();
    }

    /// <summary>
    /// A loss whose gradient is minus the CD-k update: <c>mean F(v₀) − mean F(v_k)</c> with the Gibbs sample v_k held
    /// fixed. Minimising it with any optimiser (AdamW in the <c>rbm-mnist</c> recipe) is contrastive divergence.
    /// </summary>
    public Tensor ContrastiveDivergenceLoss(Tensor visible, int k, Func<Tensor, Tensor>? sample = null)
    {
        var v0 = Flatten(visible);
        var (vk, _) = Gibbs(v0, k, sample);
        return FreeEnergy(v0).mean().sub(FreeEnergy(vk.detach()).mean());
    }

    /// <summary>
    /// Trains with CD-k on <paramref name="data"/> (<c>[N, V]</c> binary, or images) for <paramref name="epochs"/>
    /// epochs of shuffled mini-batches, each step in its own dispose scope.
    /// </summary>
    /// <returns>The mean reconstruction error of each epoch.</returns>
    public IReadOnlyList<double> Fit(Tensor data, int epochs, int batchSize = 64, double learningRate = 0.05, int k = 1, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var flat = Flatten(data);
        var count = flat.shape[0];
        var generator = new Generator((ulong)seed);
        var errors = new List<double>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(count, generator: generator);
            double sum = 0;
            var batches = 0;
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = flat.index_select(0, order.narrow(0, start, Math.Min(batchSize, count - start)).to(flat.device));
                sum += ContrastiveDivergence(batch, k, learningRate);
                batches++;
            }
            errors.Add(sum / batches);
        }
        return errors;
    }

    internal static Tensor DrawBernoulli(Tensor probabilities) => bernoulli(probabilities);

    private Tensor Flatten(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 2)
            throw new ArgumentException($"An RBM expects a batch [B, {Visible}] (or images [B, C, H, W]); got [{string.Join(", ", input.shape)}].");
        var v = input.dim() == 2 ? input : input.flatten(1);
        CheckWidth(v, Visible, "visible");
        return v;
    }

    private static void CheckWidth(Tensor t, int expected, string layer)
    {
        if (t.dim() != 2 || t.shape[1] != expected)
            throw new ArgumentException($"The {layer} layer has {expected} units: expected [B, {expected}]; got [{string.Join(", ", t.shape)}].");
    }
}
