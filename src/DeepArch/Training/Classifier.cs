using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Training;

/// <summary>
/// A classification learner: the model maps inputs to class logits <c>[B, K]</c>, the loss is cross-entropy and
/// the metrics are loss and accuracy.
/// </summary>
public class Classifier : Learner
{
    private readonly nn.Module<Tensor, Tensor> _network;

    /// <summary>Wraps a network that returns logits <c>[B, K]</c> for class-index targets <c>[B]</c>.</summary>
    public Classifier(nn.Module<Tensor, Tensor> network) : base(network) => _network = network;

    /// <inheritdoc />
    public override (Tensor Loss, StepResult Result) Forward(Batch batch)
    {
        var logits = _network.call(batch.Inputs);                        // [B, K]
        if (logits.dim() != 2 || logits.shape[0] != batch.Targets.shape[0])
            throw new ArgumentException(
                $"A classifier's network must return logits [batch, classes] = [{batch.Targets.shape[0]}, K]; got [{string.Join(", ", logits.shape)}].");
        var loss = nn.functional.cross_entropy(logits, batch.Targets);
        var correct = logits.argmax(1).eq(batch.Targets).sum().item<long>();
        var values = new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss.item<float>(),
            [MetricNames.Accuracy] = (double)correct / batch.Size,
        };
        return (loss, new StepResult(batch.Size, values));
    }
}
