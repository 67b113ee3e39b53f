using DeepArch.Runtime;
using DeepArch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void ReachesHighAccuracyOnASeparableProblem()
    {
        Seeding.Seed(1);
        var (x, y) = SeparableProblem.Make(2000, seed: 1);
        var (vx, vy) = SeparableProblem.Make(500, seed: 2);
        using var network = SeparableProblem.Network();
        var data = new TensorDataModule(x, y, vx, vy, batchSize: 32);

        var history = new Trainer(new TrainerOptions { Epochs = 3, Device = CPU }).Fit(new Classifier(network) { LearningRate = 1e-2 }, data);

        Assert.Equal(3, history.Epochs.Count);
        Assert.True(history.Last.Validation[MetricNames.Accuracy] > 0.95, $"validation accuracy {history.Last.Validation[MetricNames.Accuracy]:P1}");
        Assert.True(history.Train(MetricNames.Loss)[^1] < history.Train(MetricNames.Loss)[0]);
    }

    [Fact]
    public void ValidationMetricsAgreeWithAnIndependentCount()
    {
        Seeding.Seed(3);
        var (x, y) = SeparableProblem.Make(256, seed: 3);
        using var network = SeparableProblem.Network();
        var trainer = new Trainer(new TrainerOptions { Device = CPU });

        var metrics = trainer.Evaluate(new Classifier(network), new TensorDataModule(x, y, batchSize: 100).TrainBatches());

        using var predictions = network.call(x).argmax(1);
        var expected = predictions.eq(y).sum().item<long>() / 256.0;
        Assert.Equal(expected, metrics[MetricNames.Accuracy], precision: 6);
    }

    [Fact]
    public void StepsLeaveNoLiveTensorsBehind()
    {
        Seeding.Seed(4);
        var (x, y) = SeparableProblem.Make(640, seed: 4);
        using var network = SeparableProblem.Network();
        var learner = new Classifier(network);
        var trainer = new Trainer(new TrainerOptions { Device = CPU });
        trainer.Fit(learner, new TensorDataModule(x, y, x, y, batchSize: 64));   // creates optimizer state once
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Fit(learner, new TensorDataModule(x, y, x, y, batchSize: 64));

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ReportsProgressAtTheRequestedInterval()
    {
        var (x, y) = SeparableProblem.Make(100, seed: 5);
        using var network = SeparableProblem.Network();
        var trainer = new Trainer(new TrainerOptions { Epochs = 2, Device = CPU, ProgressInterval = 2 });
        var progress = new List<TrainingProgress>();
        var epochs = new List<EpochSummary>();
        trainer.StepCompleted += (_, p) => progress.Add(p);
        trainer.EpochCompleted += (_, e) => epochs.Add(e);

        trainer.Fit(new Classifier(network), new TensorDataModule(x, y, batchSize: 10));   // 10 steps per epoch

        Assert.Equal(10, progress.Count);
        Assert.Equal([2, 4, 6, 8, 10, 2, 4, 6, 8, 10], progress.Select(p => p.Step));
        Assert.Equal(20, progress[^1].GlobalStep);
        Assert.All(progress, p => Assert.Equal(10, p.StepsInEpoch));
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void AnEpochScheduleChangesTheLearningRateEachEpoch()
    {
        var (x, y) = SeparableProblem.Make(64, seed: 6);
        using var network = SeparableProblem.Network();
        var learner = new HalvingClassifier(network) { LearningRate = 0.1 };

        var history = new Trainer(new TrainerOptions { Epochs = 3, Device = CPU }).Fit(learner, new TensorDataModule(x, y, batchSize: 16));

        Assert.Equal([0.05, 0.025, 0.0125], history.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
    }

    [Fact]
    public void GradientClippingBoundsTheGradientNorm()
    {
        var (x, y) = SeparableProblem.Make(64, seed: 7);
        using var network = SeparableProblem.Network();
        var learner = new GradientNormRecorder(network) { LearningRate = 1e-3 };

        new Trainer(new TrainerOptions { Device = CPU, GradientClipNorm = 0.01 }).Fit(learner, new TensorDataModule(x, y, batchSize: 16));

        Assert.Equal(4, learner.Norms.Count);
        Assert.All(learner.Norms, n => Assert.True(n <= 0.01 + 1e-6, $"gradient norm {n} after clipping at 0.01"));
    }

    [Fact]
    public void ALearnerWithItsOwnStepUsesTheSameLoop()
    {
        var (x, y) = SeparableProblem.Make(40, seed: 8);
        using var network = SeparableProblem.Network();
        var learner = new OwnStepLearner(network);

        var history = new Trainer(new TrainerOptions { Epochs = 2, Device = CPU }).Fit(learner, new TensorDataModule(x, y, batchSize: 8));

        Assert.Equal(10, learner.Steps);
        Assert.Equal(2, history.Epochs.Count);
        Assert.True(double.IsNaN(history.Last.LearningRate));
        Assert.Equal(1.0, history.Last.Train["steps_seen"]);
    }

    [Fact]
    public void CancellingStopsAfterTheCurrentStep()
    {
        var (x, y) = SeparableProblem.Make(100, seed: 9);
        using var network = SeparableProblem.Network();
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(new TrainerOptions { Epochs = 5, Device = CPU, ProgressInterval = 1 });
        var steps = 0;
        trainer.StepCompleted += (_, _) =>
        {
            if (++steps == 3)
                cancel.Cancel();
        };

        var history = trainer.Fit(new Classifier(network), new TensorDataModule(x, y, batchSize: 10), cancel.Token);

        Assert.Equal(3, steps);
        Assert.True(history.Cancelled);
        Assert.Empty(history.Epochs);
    }

    [Fact]
    public void ANetworkWithTheWrongOutputShapeIsExplained()
    {
        var (x, y) = SeparableProblem.Make(16, seed: 10);
        using var network = nn.Linear(2, 1);
        var wrongShape = nn.Sequential(("linear", network), ("flatten", nn.Flatten(0)));

        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainerOptions { Device = CPU }).Fit(new Classifier(wrongShape), new TensorDataModule(x, y, batchSize: 16)));

        Assert.Contains("[16, K]", error.Message);
        Assert.Contains("[16]", error.Message);
    }

    private sealed class HalvingClassifier(nn.Module<Tensor, Tensor> network) : Classifier(network)
    {
        public override LearningRateSchedule ConfigureSchedule(optim.Optimizer optimizer, int epochs, int? stepsPerEpoch) =>
            new(optim.lr_scheduler.StepLR(optimizer, 1, 0.5));
    }

    private sealed class GradientNormRecorder(nn.Module<Tensor, Tensor> network) : Classifier(network)
    {
        public List<double> Norms { get; } = [];

        public override StepResult TrainingStep(Batch batch, TrainingContext context)
        {
            var (loss, result) = Forward(batch);
            context.Optimizer!.zero_grad();
            loss.backward();
            context.ClipGradients(Model);
            var squares = Model.parameters().Select(p => p.grad!.pow(2).sum().item<float>()).Sum();
            Norms.Add(Math.Sqrt(squares));
            context.Optimizer.step();
            return result;
        }
    }

    /// <summary>Like a GAN: no trainer-managed optimizer, its own update rule.</summary>
    private sealed class OwnStepLearner(nn.Module<Tensor, Tensor> network) : Learner(network)
    {
        public int Steps { get; private set; }

        protected override optim.Optimizer? ConfigureOptimizer() => null;

        public override (Tensor Loss, StepResult Result) Forward(Batch batch)
        {
            var loss = nn.functional.cross_entropy(((nn.Module<Tensor, Tensor>)Model).call(batch.Inputs), batch.Targets);
            return (loss, StepResult.FromLoss(batch.Size, loss.item<float>()));
        }

        public override StepResult TrainingStep(Batch batch, TrainingContext context)
        {
            Assert.Null(context.Optimizer);
            Steps++;
            var (loss, _) = Forward(batch);
            loss.backward();
            using (no_grad())
            {
                foreach (var p in Model.parameters())
                {
                    p.sub_(p.grad!.mul(0.01));
                    p.grad!.zero_();
                }
            }
            return new StepResult(batch.Size, new Dictionary<string, double> { ["steps_seen"] = 1.0 });
        }
    }
}
