using static TorchSharp.torch;

namespace DeepArch.Generation;

/// <summary>
/// « Trouver l'exemple appris le plus proche »: for each query, the training example nearest in Euclidean distance, in
/// whatever space the vectors live (raw pixels, an autoencoder's latent codes…), and how often it has the query's class.
/// </summary>
public static class NearestExample
{
    private const int QueryBatch = 256;

    /// <summary>Index <c>[Q]</c> of the nearest of <paramref name="examples"/> <c>[N, D]</c> for each query <c>[Q, D]</c>.</summary>
    /// <exception cref="ArgumentException">The vectors are not 2-D or differ in length.</exception>
    public static Tensor Find(Tensor queries, Tensor examples)
    {
        if (queries.dim() != 2 || examples.dim() != 2 || queries.shape[1] != examples.shape[1] || examples.shape[0] < 1)
            throw new ArgumentException(
                $"Expected queries [Q, D] and examples [N, D] of the same D; got [{string.Join(", ", queries.shape)}] and [{string.Join(", ", examples.shape)}].");
        using var scope = NewDisposeScope();
        var keys = examples.to(ScalarType.Float32);                     // [N, D]
        var keyNorms = keys.square().sum(1).unsqueeze(0);               // [1, N]
        var parts = new List<Tensor>();
        for (long start = 0; start < queries.shape[0]; start += QueryBatch)
        {
            var q = queries.narrow(0, start, Math.Min(QueryBatch, queries.shape[0] - start)).to(ScalarType.Float32);   // [B, D]
            // ‖q − k‖² = ‖q‖² − 2 q·k + ‖k‖²; the query's own norm does not change which key is nearest.
            var distances = keyNorms - 2 * q.mm(keys.t());            // [B, N]
            parts.Add(distances.argmin(1));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();                 // [Q]
    }

    /// <summary>
    /// Retrieval precision at 1: the share of queries whose nearest example (<see cref="Find"/>) has the query's label.
    /// </summary>
    /// <param name="queries">Query vectors <c>[Q, D]</c>.</param>
    /// <param name="queryLabels">Their labels <c>[Q]</c>.</param>
    /// <param name="examples">Example vectors <c>[N, D]</c>.</param>
    /// <param name="exampleLabels">Their labels <c>[N]</c>.</param>
    public static double Precision(Tensor queries, Tensor queryLabels, Tensor examples, Tensor exampleLabels)
    {
        if (queryLabels.shape[0] != queries.shape[0] || exampleLabels.shape[0] != examples.shape[0])
            throw new ArgumentException("Give one label per query and one per example.");
        using var scope = NewDisposeScope();
        var nearest = Find(queries, examples);
        return exampleLabels.index_select(0, nearest).eq(queryLabels).to(ScalarType.Float64).mean().item<double>();
    }
}
