using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

public sealed class NearestExampleTests
{
    [Fact]
    public void EachQueryFindsTheExampleAtTheSmallestDistanceComputedByHand()
    {
        using var examples = tensor(new float[] { 0, 0, 10, 0, 0, 10, 7, 7 }, [4, 2]);
        using var queries = tensor(new float[] { 1, 1, 9, 2, 6, 8, 0, 6 }, [4, 2]);

        using var nearest = NearestExample.Find(queries, examples);

        // (1,1)→(0,0); (9,2)→(10,0); (6,8)→(7,7): √2 against √40 for (0,10); (0,6)→(0,10): 4 against 6 for (0,0).
        Assert.Equal(new long[] { 0, 1, 3, 2 }, nearest.data<long>().ToArray());
    }

    [Fact]
    public void PrecisionIsTheShareOfQueriesWhoseNearestExampleSharesTheirLabel()
    {
        using var examples = tensor(new float[] { 0, 0, 10, 0, 0, 10, 7, 7 }, [4, 2]);
        using var exampleLabels = tensor(new long[] { 0, 1, 2, 3 });
        using var queries = tensor(new float[] { 1, 1, 9, 2, 6, 8, 0, 6 }, [4, 2]);
        using var queryLabels = tensor(new long[] { 0, 1, 2, 2 });   // the third query's neighbour is class 3

        var precision = NearestExample.Precision(queries, queryLabels, examples, exampleLabels);

        Assert.Equal(0.75, precision, 12);
    }
}
