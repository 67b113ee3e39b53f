using DeepArch.Training;
using DeepArch.Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Training.Recipes;

/// <summary>Which parameters <see cref="OneCycleLearner"/>'s AdamW decays.</summary>
public sealed class OneCycleLearnerTests
{
    private sealed class Regression(nn.Module<Tensor, Tensor> model) : Learner(model)
    {
        // A loss without gradient signal: whatever moves a parameter is the weight decay alone.
        public override (Tensor Loss, StepResult Result) Forward(Batch batch) =>
            (((nn.Module<Tensor, Tensor>)Model).call(batch.Inputs).sum() * 0, StepResult.FromLoss(batch.Size, 0));
    }

    private static (Tensor Matrix, Tensor Gain) StepOnce(bool matricesOnly)
    {
        var model = nn.Sequential(nn.Linear(3, 3), nn.LayerNorm(3));
        var learner = new OneCycleLearner(new Regression(model), maxLearningRate: 0.1, weightDecay: 0.5, totalSteps: 10)
        {
            DecayMatricesOnly = matricesOnly,
        };
        var before = model.parameters().First().detach().clone();
        var optimizer = learner.Optimizer!;
        optimizer.zero_grad();
        learner.Forward(new Batch(ones(2, 3), zeros(2))).Loss.backward();
        optimizer.step();
        var parameters = model.parameters().ToList();
        return (parameters[0].detach() / before, parameters[2].detach());             // Linear weight ratio, LayerNorm gain
    }

    [Fact]
    public void ByDefaultEveryParameterDecays()
    {
        var (matrix, gain) = StepOnce(matricesOnly: false);

        Assert.True(matrix.lt(1).all().item<bool>());
        Assert.True(gain.lt(1).all().item<bool>());
    }

    [Fact]
    public void DecayingMatricesOnlySparesNormalisationGains()
    {
        var (matrix, gain) = StepOnce(matricesOnly: true);

        Assert.True(matrix.lt(1).all().item<bool>());
        Assert.Equal(new[] { 1f, 1f, 1f }, gain.data<float>().ToArray());
    }
}
