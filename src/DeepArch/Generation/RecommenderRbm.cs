using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// The lecture's recommendation engine: an RBM whose visible layer is one user's ratings (after Salakhutdinov, Mnih
/// &amp; Hinton 2007, "Restricted Boltzmann machines for collaborative filtering", with two-valued ratings). Each film
/// has a pair of visible units (like, dislike), a softmax of two, and only the films the user rated are present:
/// a user's row is <c>x = [likes ⊙ m, (1 − likes) ⊙ m]</c> with m the mask of rated films. All users share the
/// weights; the hidden units learn tastes. A missing rating is predicted from <c>p(like | E[h | x])</c>.
/// </summary>
public sealed class RecommenderRbm : nn.Module
{
    /// <summary>Creates the machine for <paramref name="films"/> films and <paramref name="hidden"/> taste units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public RecommenderRbm(int films, int hidden) : base(nameof(RecommenderRbm))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(films, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Films = films;
        Hidden = hidden;
        weight = nn.Parameter(randn(hidden, 2 * films).mul_(0.01f));   // W [H, 2F]: like units, then dislike units
        visible_bias = nn.Parameter(zeros(2 * films));                  // b [2F]
        hidden_bias = nn.Parameter(zeros(hidden));                      // c [H]
        RegisterComponents();
    }

#pragma warning disable IDE1006, SA1300 // parameter names as state dicts spell them
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter visible_bias;
    private readonly TorchSharp.Modules.Parameter hidden_bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>Films (visible pairs).</summary>
    public int Films { get; }

    /// <summary>Hidden (taste) units.</summary>
    public int Hidden { get; }

    /// <summary>
    /// Trains with CD-1 on the observed ratings of every user (one user = one training vector), with momentum 0.5 as in
    /// the paper; unrated films take no part, neither in the data nor in the reconstruction.
    /// </summary>
    /// <param name="likes">1 = like, 0 = dislike, float <c>[users, films]</c> (values where unrated are ignored).</param>
    /// <param name="observed">1 where rated, float <c>[users, films]</c>.</param>
    /// <param name="epochs">Passes over the users.</param>
    /// <param name="batchSize">Users per update.</param>
    /// <param name="learningRate">CD learning rate.</param>
    /// <param name="seed">Seed of the users' order and of the Gibbs draws.</param>
    /// <returns>The mean squared reconstruction error of the rated films after each epoch.</returns>
    public IReadOnlyList<double> Fit(Tensor likes, Tensor observed, int epochs = 60, int batchSize = 50, double learningRate = 0.05, int seed = 0)
    {
        CheckRatings(likes, observed);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var generator = new Generator((ulong)seed);
        var users = likes.shape[0];
        var errors = new List<double>();
        using var velocityW = zeros(weight.shape, device: weight.device);
        using var velocityB = zeros(visible_bias.shape, device: weight.device);
        using var velocityC = zeros(hidden_bias.shape, device: weight.device);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(users, generator: generator);
            double sum = 0;
            var batches = 0;
            for (long start = 0; start < users; start += batchSize)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var rows = order.narrow(0, start, Math.Min(batchSize, users - start)).to(likes.device);
                var m = observed.index_select(0, rows);                             // [B, F]
                var x0 = Encode(likes.index_select(0, rows), m);                      // [B, 2F]
                var h0 = HiddenProbabilities(x0);                                      // [B, H]
                var pLike = LikeProbabilities(bernoulli(h0, generator));               // [B, F]
                var x1 = Encode(bernoulli(pLike, generator), m);                       // negative sample, rated films only
                var h1 = HiddenProbabilities(x1);
                var scale = learningRate / rows.shape[0];
                velocityW.mul_(0.5).add_(h0.t().matmul(x0).sub_(h1.t().matmul(x1)).mul_(scale));   // [H, 2F]
                velocityB.mul_(0.5).add_(x0.sub(x1).sum(0L).mul_(scale));
                velocityC.mul_(0.5).add_(h0.sub(h1).sum(0L).mul_(scale));
                weight.add_(velocityW);
                visible_bias.add_(velocityB);
                hidden_bias.add_(velocityC);
                var likesBatch = likes.index_select(0, rows);
                sum += LikeProbabilities(h0).sub(likesBatch).square().mul(m).sum().item<float>() / Math.Max(1, m.sum().item<float>());
                batches++;
            }
            errors.Add(sum / batches);
        }
        return errors;
    }

    /// <summary>Probability that each user likes each film, given the films they rated, <c>[users, films]</c>.</summary>
    public Tensor PredictLikes(Tensor likes, Tensor observed)
    {
        CheckRatings(likes, observed);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return LikeProbabilities(HiddenProbabilities(Encode(likes, observed))).MoveToOuterDisposeScope();
    }

    // x = [likes ⊙ m, (1 − likes) ⊙ m]: [B, F] → [B, 2F]
    private static Tensor Encode(Tensor likes, Tensor observed) => cat([likes.mul(observed), likes.neg().add(1).mul(observed)], 1);

    private Tensor HiddenProbabilities(Tensor x) => sigmoid(nn.functional.linear(x, weight, hidden_bias));   // [B, H]

    // Softmax over each film's (like, dislike) pair = σ(s_like − s_dislike), s = b + hW: [B, H] → [B, F]
    private Tensor LikeProbabilities(Tensor h)
    {
        var scores = h.matmul(weight).add(visible_bias);                                   // [B, 2F]
        return sigmoid(scores.narrow(1, 0, Films).sub(scores.narrow(1, Films, Films)));
    }

    private void CheckRatings(Tensor likes, Tensor observed)
    {
        if (likes.dim() != 2 || likes.shape[1] != Films || !likes.shape.SequenceEqual(observed.shape))
            throw new ArgumentException(
                $"Likes and the rated mask must both be [users, {Films}]; got [{string.Join(", ", likes.shape)}] and [{string.Join(", ", observed.shape)}].");
    }
}
