using DeepArch.Generation;
using static TorchSharp.torch;

namespace DeepArch.Tests.Generation;

/// <summary>
/// Runs alone: the CD training test seeds torch's global generator, from which the model draws its initial weights (its
/// constructor takes no generator), and a test running beside it would draw from it too (see GlobalRandomState).
/// </summary>
[Collection(DeepArch.Tests.Runtime.GlobalRandomState.Name)]
public sealed class RbmTests
{
    // A 3-visible, 2-hidden machine whose CD-1 chain changes the first example (v₁ ≠ v₀), so the update is not zero.
    private static readonly double[,] W = { { 0.5, -0.3, 0.2 }, { -0.4, 0.1, 0.6 } };
    private static readonly double[] B = [-0.5, 0.6, 0.0];
    private static readonly double[] C = [0.05, -0.1];
    private static readonly double[][] Data = [[1, 0, 1], [0, 1, 1]];

    [Fact]
    public void OneCd1UpdateMatchesAHandComputation()
    {
        using var rbm = TinyRbm();
        using var v0 = tensor(Data.SelectMany(row => row.Select(x => (float)x)).ToArray(), [2, 3]);
        const double rate = 0.1;
        var (dW, db, dc) = HandCd1(rate);

        rbm.ContrastiveDivergence(v0, k: 1, rate, Threshold);

        var weight = rbm.Weight.data<float>().ToArray();
        for (var j = 0; j < 2; j++)
            for (var i = 0; i < 3; i++)
                Assert.Equal(W[j, i] + dW[j, i], weight[j * 3 + i], 5);
        Assert.Equal(B.Zip(db, (x, d) => x + d), rbm.VisibleBias.data<float>().ToArray().Select(x => (double)x), new Close(5));
        Assert.Equal(C.Zip(dc, (x, d) => x + d), rbm.HiddenBias.data<float>().ToArray().Select(x => (double)x), new Close(5));
    }

    [Fact]
    public void TheCdLossGradientIsMinusTheCdUpdate()
    {
        using var rbm = TinyRbm();
        using var v0 = tensor(Data.SelectMany(row => row.Select(x => (float)x)).ToArray(), [2, 3]);
        var (dW, _, _) = HandCd1(rate: 1);

        rbm.ContrastiveDivergenceLoss(v0, k: 1, Threshold).backward();

        var gradient = rbm.Weight.grad!.data<float>().ToArray();
        for (var j = 0; j < 2; j++)
            for (var i = 0; i < 3; i++)
                Assert.Equal(-dW[j, i], gradient[j * 3 + i], 5);
    }

    [Fact]
    public void FreeEnergyIsTheEnergyWithTheHiddenUnitsSummedOut()
    {
        using var rbm = TinyRbm();
        double[] v = [1, 0, 1];
        // F(v) = −log Σ_h exp(−E(v, h)) over the four hidden states, E written out by hand.
        double sum = 0;
        foreach (var h in new[] { new[] { 0.0, 0 }, [0, 1], [1, 0], [1, 1] })
        {
            var energy = -Enumerable.Range(0, 3).Sum(i => B[i] * v[i]) - Enumerable.Range(0, 2).Sum(j => C[j] * h[j])
                         - Enumerable.Range(0, 2).Sum(j => Enumerable.Range(0, 3).Sum(i => h[j] * W[j, i] * v[i]));
            sum += Math.Exp(-energy);
        }

        using var free = rbm.FreeEnergy(tensor(new float[] { 1, 0, 1 }, [1, 3]));

        Assert.Equal(-Math.Log(sum), free.item<float>(), 5);
    }

    [Fact]
    public void EnergyOfAPairMatchesTheFormula()
    {
        using var rbm = TinyRbm();
        // E = −bᵀv − cᵀh − hᵀWv for v = (1, 0, 1), h = (0, 1): −(−0.5 + 0) − (−0.1) − (−0.4 + 0.6)
        using var energy = rbm.Energy(tensor(new float[] { 1, 0, 1 }, [1, 3]), tensor(new float[] { 0, 1 }, [1, 2]));

        Assert.Equal(0.5 + 0.1 - 0.2, energy.item<float>(), 5);
    }

    [Fact]
    public void AFewEpochsOfCdLowerTheReconstructionError()
    {
        DeepArch.Runtime.Seeding.Seed(1);
        // Two prototypes with flipped bits: structure an RBM can learn.
        using var prototypes = rand(2, 36).gt(0.5).to_type(ScalarType.Float32);
        using var data = prototypes.repeat(64, 1).logical_xor(rand(128, 36).lt(0.05)).to_type(ScalarType.Float32);
        using var rbm = new Rbm(36, 8);

        var errors = rbm.Fit(data, epochs: 30, batchSize: 16, learningRate: 0.1);

        Assert.True(errors[^1] < 0.75 * errors[0], $"reconstruction error {errors[0]:F3} → {errors[^1]:F3}");
    }

    [Fact]
    public void AnImageOfTheWrongSizeIsRejectedWithTheExpectedShape()
    {
        using var rbm = new Rbm(784, 16);

        var error = Assert.Throws<ArgumentException>(() => rbm.call(zeros(2, 1, 20, 20)));

        Assert.Contains("[B, 784]", error.Message);
    }

    [Fact]
    public void GreedyStackingFeedsEachLayerTheHiddenProbabilitiesOfTheOneBelow()
    {
        DeepArch.Runtime.Seeding.Seed(2);
        using var data = rand(40, 1, 4, 4).gt(0.5).to_type(ScalarType.Float32);

        using var dbn = Dbn.TrainGreedy(data, [8, 3], epochs: 2, batchSize: 10);
        using var features = dbn.Features(data);
        using var expected = dbn.Layers[1].HiddenProbabilities(dbn.Layers[0].HiddenProbabilities(data));
        using var samples = dbn.Sample(5, gibbsSteps: 3);

        Assert.Equal([(16, 8), (8, 3)], dbn.Layers.Select(layer => (layer.Visible, layer.Hidden)));
        Assert.True(features.allclose(expected));
        Assert.Equal([5L, 16], samples.shape);
    }

    private static Tensor Threshold(Tensor probabilities) => probabilities.gt(0.5).to_type(ScalarType.Float32);

    private static Rbm TinyRbm()
    {
        var rbm = new Rbm(3, 2);
        using (no_grad())
        {
            rbm.Weight.copy_(tensor(new float[] { 0.5f, -0.3f, 0.2f, -0.4f, 0.1f, 0.6f }, [2, 3]));
            rbm.VisibleBias.copy_(tensor(B.Select(x => (float)x).ToArray()));
            rbm.HiddenBias.copy_(tensor(C.Select(x => (float)x).ToArray()));
        }
        return rbm;
    }

    // CD-1 written out with scalar loops, states drawn by thresholding probabilities at 0.5.
    private static (double[,] dW, double[] db, double[] dc) HandCd1(double rate)
    {
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        double[,] dW = new double[2, 3];
        double[] db = new double[3], dc = new double[2];
        foreach (var v0 in Data)
        {
            var p0 = new double[2];
            var h0 = new double[2];
            for (var j = 0; j < 2; j++)
            {
                p0[j] = Sigmoid(C[j] + Enumerable.Range(0, 3).Sum(i => W[j, i] * v0[i]));
                h0[j] = p0[j] > 0.5 ? 1 : 0;
            }
            var v1 = new double[3];
            for (var i = 0; i < 3; i++)
                v1[i] = Sigmoid(B[i] + Enumerable.Range(0, 2).Sum(j => h0[j] * W[j, i])) > 0.5 ? 1 : 0;
            var p1 = new double[2];
            for (var j = 0; j < 2; j++)
                p1[j] = Sigmoid(C[j] + Enumerable.Range(0, 3).Sum(i => W[j, i] * v1[i]));
            for (var j = 0; j < 2; j++)
            {
                dc[j] += rate * (p0[j] - p1[j]) / Data.Length;
                for (var i = 0; i < 3; i++)
                    dW[j, i] += rate * (p0[j] * v0[i] - p1[j] * v1[i]) / Data.Length;
            }
            for (var i = 0; i < 3; i++)
                db[i] += rate * (v0[i] - v1[i]) / Data.Length;
        }
        return (dW, db, dc);
    }

    private sealed class Close(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < Math.Pow(10, -digits) / 2;

        public int GetHashCode(double value) => 0;
    }
}
