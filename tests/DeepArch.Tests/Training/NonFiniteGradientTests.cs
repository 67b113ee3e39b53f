using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training;

public sealed class NonFiniteGradientTests
{
    /// <summary>One scalar weight w, starting at <paramref name="start"/>; the loss is a function of w alone.</summary>
    private sealed class ScalarLearner(Func<Tensor, Tensor> loss, float start) : Learner(new Weight(start))
    {
        public Tensor W => ((Weight)Model).W;

        protected override optim.Optimizer ConfigureOptimizer() => optim.SGD(Model.parameters(), 0.1);

        public override (Tensor Loss, StepResult Result) Forward(Batch batch)
        {
            var value = loss(W);
            return (value, StepResult.FromLoss(batch.Size, value.item<float>()));
        }
    }

    private sealed class Weight : nn.Module<Tensor, Tensor>
    {
        public Weight(float start) : base(nameof(Weight))
        {
            W = nn.Parameter(tensor(new[] { start }));
            RegisterComponents();
        }

        public TorchSharp.Modules.Parameter W { get; }

        public override Tensor forward(Tensor x) => x;
    }

    private static TrainingHistory Fit(Learner learner) =>
        new Trainer(new TrainerOptions { Device = CPU }).Fit(learner, new TensorDataModule(zeros(4, 1), zeros(4), batchSize: 2));

    [Fact]
    public void AStepWithAFiniteLossButNaNGradientsIsSkippedAndCounted()
    {
        // d/dw √|w| at w = 0 is 0 · ∞ = NaN, while the loss √0 = 0 is finite.
        var learner = new ScalarLearner(w => w.abs().sqrt().sum(), start: 0);

        var history = Fit(learner);

        Assert.Equal(2, history.SkippedSteps);
        Assert.Equal(0f, learner.W.item<float>());
    }

    [Fact]
    public void FiniteGradientsAreApplied()
    {
        // d/dw (w − 1)² = 2(w − 1): SGD at rate 0.1 moves w from 0 to 0.2, then to 0.36.
        var learner = new ScalarLearner(w => (w - 1).square().sum(), start: 0);

        var history = Fit(learner);

        Assert.Equal(0, history.SkippedSteps);
        Assert.Equal(0.36f, learner.W.item<float>(), 1e-6f);
    }

    [Fact]
    public void ANonFiniteLossIsNotSkippedSoDivergenceStillShows()
    {
        // log w at w = 0 is −∞: the step is applied and w stops being finite.
        var learner = new ScalarLearner(w => w.log().sum(), start: 0);

        var history = Fit(learner);

        Assert.Equal(0, history.SkippedSteps);
        Assert.False(float.IsFinite(learner.W.item<float>()));
        Assert.False(double.IsFinite(history.Last.Train[MetricNames.Loss]));
    }
}
