using DeepArch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeepArch.Diffusion;

/// <summary>
/// ε_θ(x_t, t) for points of the plane: a three-layer MLP on [x_t, sinusoidal embedding of t], for the score view on a
/// 2-D toy distribution (score = −ε̂ / σ_t), where the learned field can be drawn as arrows.
/// </summary>
public sealed class ToyDenoiser : Module<Tensor, Tensor, Tensor>
{
    private const int TimeDimension = 32;
    private readonly Sequential layers;

    /// <summary>Builds the network with <paramref name="hidden"/> units per hidden layer.</summary>
    public ToyDenoiser(int hidden = 128) : base(nameof(ToyDenoiser))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        layers = Sequential(Linear(2 + TimeDimension, hidden), SiLU(), Linear(hidden, hidden), SiLU(), Linear(hidden, hidden), SiLU(),
            Linear(hidden, 2));
        RegisterComponents();
    }

    /// <summary>ε̂ <c>[N, 2]</c> for points <c>[N, 2]</c> at timesteps int64 <c>[N]</c>.</summary>
    /// <exception cref="ArgumentException">Shapes do not fit.</exception>
    public override Tensor forward(Tensor x, Tensor timesteps)
    {
        if (x.dim() != 2 || x.shape[1] != 2 || timesteps.dim() != 1 || timesteps.shape[0] != x.shape[0])
            throw new ArgumentException($"The toy denoiser takes points [N, 2] and timesteps [N]; got [{string.Join(", ", x.shape)}] " +
                $"and [{string.Join(", ", timesteps.shape)}].");
        using var scope = NewDisposeScope();
        return layers.call(cat([x, SinusoidalTimeEmbedding.Embed(timesteps, TimeDimension)], 1)).MoveToOuterDisposeScope();  // [N, 2]
    }

    /// <summary>
    /// Trains a toy denoiser on <paramref name="points"/> <c>[N, 2]</c> with the ε-prediction objective (Ho et al. 2020,
    /// Algorithm 1), Adam, full batches of <paramref name="batchSize"/>; returns the last 100 steps' mean loss.
    /// </summary>
    public static (ToyDenoiser Model, double Loss) Train(Tensor points, NoiseSchedule schedule, int steps = 3000, int batchSize = 256,
        double learningRate = 2e-3, int seed = Seeding.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Seeding.Seed(seed);
        var model = new ToyDenoiser();
        var generator = new Generator((ulong)seed);
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        var recent = new Queue<double>();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var index = randint(0, points.shape[0], [batchSize], dtype: ScalarType.Int64, generator: generator);
            var x0 = points.index_select(0, index).to(ScalarType.Float32);                // [B, 2]
            var t = randint(0, schedule.Steps, [batchSize], dtype: ScalarType.Int64, generator: generator);
            var noise = randn(x0.shape, generator: generator);
            var xt = DiffusionMath.AddNoise(schedule, x0, noise, t);
            // Ho et al. 2020, eq. 14
            var loss = functional.mse_loss(model.call(xt, t), noise);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            recent.Enqueue(loss.item<float>());
            if (recent.Count > 100)
                recent.Dequeue();
        }
        model.eval();
        return (model, recent.Average());
    }

    /// <summary>The learned score ∇ log q_t(x) ≈ −ε̂(x, t) / σ_t at points <c>[N, 2]</c>.</summary>
    public Tensor Score(Tensor x, int t, NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var epsilon = call(x, full([x.shape[0]], t, dtype: ScalarType.Int64));
        return DiffusionMath.Score(schedule, epsilon, t).MoveToOuterDisposeScope();
    }
}
