using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Sequences;

/// <summary>
/// One time step of a recurrent network, written from the equations: <c>(x_t [B, I], state_{t-1}) → state_t</c>.
/// The parameters have the names and layout of TorchSharp's fused layers (<c>weight_ih</c> <c>[G·H, I]</c>,
/// <c>weight_hh</c> <c>[G·H, H]</c>, <c>bias_ih</c>, <c>bias_hh</c> <c>[G·H]</c>, with G gates stacked in
/// TorchSharp's order), so <see cref="CopyFrom"/> can take the weights of <c>nn.RNN</c>, <c>nn.LSTM</c> or
/// <c>nn.GRU</c> and the outputs can be compared.
/// </summary>
public abstract class RecurrentCell : nn.Module<Tensor, RecurrentState, RecurrentState>
{
    private protected RecurrentCell(string name, long inputSize, long hiddenSize, int gates) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        // PyTorch's initialisation for recurrent layers: U(-1/√H, 1/√H) for every weight and bias.
        var bound = 1.0 / Math.Sqrt(hiddenSize);
        WeightIH = Register("weight_ih", empty(gates * hiddenSize, inputSize).uniform_(-bound, bound));
        WeightHH = Register("weight_hh", empty(gates * hiddenSize, hiddenSize).uniform_(-bound, bound));
        BiasIH = Register("bias_ih", empty(gates * hiddenSize).uniform_(-bound, bound));
        BiasHH = Register("bias_hh", empty(gates * hiddenSize).uniform_(-bound, bound));
    }

    /// <summary>Input-to-hidden weights of the G gates, stacked: <c>weight_ih</c> <c>[G·H, I]</c>.</summary>
    public Parameter WeightIH { get; }

    /// <summary>Hidden-to-hidden (recurrent) weights of the G gates, stacked: <c>weight_hh</c> <c>[G·H, H]</c>.</summary>
    public Parameter WeightHH { get; }

    /// <summary>Input-side biases <c>bias_ih</c> <c>[G·H]</c>.</summary>
    public Parameter BiasIH { get; }

    /// <summary>Recurrent-side biases <c>bias_hh</c> <c>[G·H]</c>.</summary>
    public Parameter BiasHH { get; }

    /// <summary>Features of each input x_t.</summary>
    public long InputSize { get; }

    /// <summary>Units H of the hidden state.</summary>
    public long HiddenSize { get; }

    /// <summary>Whether the state has a memory cell (LSTM).</summary>
    public virtual bool HasCell => false;

    /// <summary>The initial state: zeros <c>[B, H]</c> (and a zero memory cell for an LSTM).</summary>
    public RecurrentState ZeroState(long batch, Device? device = null)
    {
        var hidden = zeros(batch, HiddenSize, device: device ?? WeightHH.device);
        return new RecurrentState(hidden, HasCell ? zeros_like(hidden) : null);
    }

    /// <summary>
    /// Copies layer <paramref name="layer"/>'s weights (its reverse direction when <paramref name="reverse"/>) of a
    /// TorchSharp recurrent module of the same kind and sizes: <c>nn.RNN</c> into an <see cref="RnnCell"/>,
    /// <c>nn.LSTM</c> into an <see cref="LstmCell"/>, <c>nn.GRU</c> into a <see cref="GruCell"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The module lacks that layer or its weights have other shapes.</exception>
    public void CopyFrom(nn.Module source, int layer = 0, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        var suffix = $"_l{layer}" + (reverse ? "_reverse" : "");
        var named = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, target) in new[] { ("weight_ih", WeightIH), ("weight_hh", WeightHH), ("bias_ih", BiasIH), ("bias_hh", BiasHH) })
        {
            if (!named.TryGetValue(name + suffix, out var value))
                throw new ArgumentException($"{source.GetType().Name} has no parameter {name}{suffix} to copy into a {GetType().Name}.", nameof(source));
            if (!value.shape.SequenceEqual(target.shape))
                throw new ArgumentException(
                    $"{name}{suffix} is [{string.Join(", ", value.shape)}] but this {GetType().Name} needs [{string.Join(", ", target.shape)}].", nameof(source));
            target.copy_(value);
        }
    }

    private Parameter Register(string name, Tensor value)
    {
        var parameter = new Parameter(value);
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>Checks x_t <c>[B, I]</c> and the state against the cell's sizes, with a message a student can act on.</summary>
    private protected void Validate(Tensor input, RecurrentState state)
    {
        if (input.dim() != 2 || input.shape[1] != InputSize)
            throw new ArgumentException($"{GetType().Name} expects x_t of shape [B, {InputSize}]; got [{string.Join(", ", input.shape)}].", nameof(input));
        if (state.Hidden.dim() != 2 || state.Hidden.shape[0] != input.shape[0] || state.Hidden.shape[1] != HiddenSize)
            throw new ArgumentException(
                $"{GetType().Name} expects h_(t-1) of shape [{input.shape[0]}, {HiddenSize}]; got [{string.Join(", ", state.Hidden.shape)}].", nameof(state));
        if (HasCell && state.Cell is null)
            throw new ArgumentException($"{GetType().Name} needs the memory cell c_(t-1) in the state.", nameof(state));
    }
}
