using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// A users × films like/dislike matrix generated offline from hidden tastes, with the ratings split into those a
/// recommender sees (<see cref="Observed"/>) and those it must predict (<see cref="HeldOut"/>). Each film has a genre
/// profile and a quality; each user a taste per genre; <c>p(like) = σ(sharpness · taste·profile + quality)</c>.
/// Popularity (the quality) explains part of the likes, personal taste the rest. Owns its tensors.
/// </summary>
public sealed class RecommendationMatrix : IDisposable
{
    private RecommendationMatrix(Tensor likes, Tensor observed, Tensor heldOut, Tensor filmGenres)
    {
        Likes = likes;
        Observed = observed;
        HeldOut = heldOut;
        FilmGenres = filmGenres;
    }

    /// <summary>Whether each user likes each film (1) or not (0), for every pair, float <c>[users, films]</c>.</summary>
    public Tensor Likes { get; }

    /// <summary>1 where the rating is known to the recommender, float <c>[users, films]</c>.</summary>
    public Tensor Observed { get; }

    /// <summary>1 where a rating exists but is hidden, to be predicted, float <c>[users, films]</c>.</summary>
    public Tensor HeldOut { get; }

    /// <summary>The main genre of each film, int64 <c>[films]</c>.</summary>
    public Tensor FilmGenres { get; }

    /// <summary>Number of users.</summary>
    public int Users => (int)Likes.shape[0];

    /// <summary>Number of films.</summary>
    public int Films => (int)Likes.shape[1];

    /// <summary>Generates a matrix.</summary>
    /// <param name="users">Users (rows).</param>
    /// <param name="films">Films (columns).</param>
    /// <param name="genres">Hidden taste dimensions.</param>
    /// <param name="ratedShare">Share of the pairs each user has rated.</param>
    /// <param name="heldOutShare">Share of those ratings hidden from the recommender.</param>
    /// <param name="sharpness">How strongly taste decides a like (quality always counts).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count or share is out of range.</exception>
    public static RecommendationMatrix Generate(int users = 1000, int films = 100, int genres = 4, double ratedShare = 0.3,
        double heldOutShare = 0.2, double sharpness = 3.0, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(films, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(genres, 1);
        if (ratedShare is not (> 0 and <= 1) || heldOutShare is not (> 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(ratedShare), "The rated share must be in (0, 1] and the held-out share in (0, 1).");
        var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var genreOfFilm = randint(genres, films, generator: generator);                 // [F]
        // Profile: mostly the film's genre, a little of the others.
        var profiles = nn.functional.one_hot(genreOfFilm, genres).to_type(ScalarType.Float32)
            .add(rand(films, genres, generator: generator).mul(0.3f));                 // [F, G]
        var tastes = randn(users, genres, generator: generator);                      // [U, G]
        var quality = randn(films, generator: generator).mul(0.8f);                   // [F]
        var affinity = tastes.matmul(profiles.t()).mul(sharpness).add(quality);       // [U, F]
        var likes = bernoulli(sigmoid(affinity), generator);
        var rated = rand(users, films, generator: generator).lt(ratedShare);
        var hidden = rand(users, films, generator: generator).lt(heldOutShare);
        var observed = rated.logical_and(hidden.logical_not()).to_type(ScalarType.Float32);
        var heldOut = rated.logical_and(hidden).to_type(ScalarType.Float32);
        return new RecommendationMatrix(likes.MoveToOuterDisposeScope(), observed.MoveToOuterDisposeScope(),
            heldOut.MoveToOuterDisposeScope(), genreOfFilm.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The popularity baseline: every user gets each film's like rate among the observed ratings (Laplace-smoothed),
    /// <c>[users, films]</c>. It knows which films are good, nothing of the user.
    /// </summary>
    public Tensor PopularityScores()
    {
        using var scope = NewDisposeScope();
        var likesSeen = Likes.mul(Observed).sum(0L);                                    // [F]
        var rate = likesSeen.add(1).div(Observed.sum(0L).add(2));                       // [F]
        return rate.unsqueeze(0).expand(Users, Films).clone().MoveToOuterDisposeScope();
    }

    /// <summary>Share of the held-out ratings whose like/dislike <paramref name="scores"/> (probabilities of a like) get right at threshold 0.5.</summary>
    /// <exception cref="ArgumentException">The scores are not <c>[users, films]</c>.</exception>
    public double HeldOutAccuracy(Tensor scores)
    {
        if (scores.dim() != 2 || scores.shape[0] != Users || scores.shape[1] != Films)
            throw new ArgumentException($"Scores must be [users, films] = [{Users}, {Films}]; got [{string.Join(", ", scores.shape)}].");
        using var scope = NewDisposeScope();
        var right = scores.gt(0.5).to_type(ScalarType.Float32).eq(Likes).to_type(ScalarType.Float32).mul(HeldOut).sum();
        return right.item<float>() / HeldOut.sum().item<float>();
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Likes.Dispose();
        Observed.Dispose();
        HeldOut.Dispose();
        FilmGenres.Dispose();
    }
}
