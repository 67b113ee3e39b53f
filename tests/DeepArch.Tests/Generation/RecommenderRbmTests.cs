using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class RecommenderRbmTests
{
    [Fact]
    public void GeneratedMatrixHidesPartOfTheRatingsAndNeverShowsAHeldOutOne()
    {
        using var matrix = RecommendationMatrix.Generate(users: 200, films: 30, seed: 3);

        var overlap = matrix.Observed.mul(matrix.HeldOut).sum().item<float>();
        var heldOut = matrix.HeldOut.sum().item<float>();
        var observed = matrix.Observed.sum().item<float>();

        Assert.Equal(0f, overlap);
        Assert.InRange(observed / (200 * 30), 0.2, 0.3);     // 30 % rated, 80 % of those shown
        Assert.InRange(heldOut / (200 * 30), 0.03, 0.09);    // 30 % rated, 20 % of those held out
    }

    [Fact]
    public void PopularityScoresAreEachFilmsSmoothedLikeRate()
    {
        using var matrix = RecommendationMatrix.Generate(users: 50, films: 8, seed: 4);
        var likes = matrix.Likes.data<float>().ToArray();
        var seen = matrix.Observed.data<float>().ToArray();
        double liked = 0, rated = 0;
        for (var user = 0; user < 50; user++)
        {
            liked += likes[user * 8 + 2] * seen[user * 8 + 2];
            rated += seen[user * 8 + 2];
        }

        using var scores = matrix.PopularityScores();

        Assert.Equal((liked + 1) / (rated + 2), scores[17, 2].item<float>(), 5);
    }

    [Fact]
    public void RecommenderPredictsHeldOutLikesBetterThanPopularity()
    {
        using var matrix = RecommendationMatrix.Generate(users: 600, films: 60, seed: 5);
        using var recommender = new RecommenderRbm(matrix.Films, hidden: 16);
        DeepArch.Runtime.Seeding.Seed(5);

        recommender.Fit(matrix.Likes, matrix.Observed, epochs: 40, seed: 5);
        using var predicted = recommender.PredictLikes(matrix.Likes, matrix.Observed);
        using var popularity = matrix.PopularityScores();

        Assert.True(matrix.HeldOutAccuracy(predicted) > matrix.HeldOutAccuracy(popularity) + 0.05,
            $"RBM {matrix.HeldOutAccuracy(predicted):F3} vs popularity {matrix.HeldOutAccuracy(popularity):F3}");
    }

    [Fact]
    public void PredictLikesRejectsAMatrixOfTheWrongWidth()
    {
        using var recommender = new RecommenderRbm(films: 10, hidden: 4);

        var error = Assert.Throws<ArgumentException>(() => recommender.PredictLikes(zeros(3, 9), zeros(3, 9)));

        Assert.Contains("[users, 10]", error.Message);
    }
}
