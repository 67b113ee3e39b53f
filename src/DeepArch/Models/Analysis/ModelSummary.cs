using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepArch.Models.Analysis;

/// <summary>
/// What a network is made of, measured on the layers it actually runs: <see cref="Of"/> traces one forward pass
/// (evaluation mode, no gradients) with a forward hook on every leaf layer, and records each call's shapes,
/// parameters and multiply-accumulates. The pass runs on an empty batch, so it costs nothing even for large models
/// (one zero image when the model cannot take an empty batch).
/// <para>
/// MACs count one multiply-accumulate per weight and per output position, which is how published figures are given
/// (ResNet-50 ≈ 4.1 G, VGG-16 ≈ 15.5 G at 224×224):
/// convolution k_h·k_w·(C_in/groups)·C_out·H_out·W_out, i.e. |W|·H_out·W_out;
/// transposed convolution |W|·H_in·W_in (each input pixel is spread over a k×k patch of every output channel);
/// fully connected in·out per row.
/// Not counted: bias additions, batch normalization (at inference it folds into the preceding convolution),
/// activations, pooling, dropout, residual additions, squeeze-and-excitation rescaling, concatenation — each touches
/// every element once, negligible next to the products above — and anything a forward method computes with a
/// functional call rather than a layer, which the hooks cannot see.
/// </para>
/// <para>
/// Parameters are split by the type of the layer that owns them: convolution (transposed too), dense (<c>Linear</c>)
/// and other (mostly batch normalization's γ and β).
/// </para>
/// </summary>
public sealed class ModelSummary
{
    private ModelSummary(string model, IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape,
        IReadOnlyList<LayerSummary> layers, IReadOnlyDictionary<LayerKind, long> parameters)
    {
        Model = model;
        InputShape = inputShape;
        OutputShape = outputShape;
        Layers = layers;
        ConvolutionParameters = parameters[LayerKind.Convolution];
        DenseParameters = parameters[LayerKind.Dense];
        OtherParameters = parameters[LayerKind.Other];
        Macs = layers.Sum(layer => layer.Macs);
    }

    /// <summary>The model's name (its type, e.g. <c>ResNet</c>).</summary>
    public string Model { get; }

    /// <summary>Shape of one input sample, e.g. <c>[3, 224, 224]</c>.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>Shape of one output sample, e.g. <c>[1000]</c>.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>Every call of a leaf layer, in execution order.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>All parameters (trainable or not) of the model.</summary>
    public long Parameters => ConvolutionParameters + DenseParameters + OtherParameters;

    /// <summary>Parameters of convolution layers.</summary>
    public long ConvolutionParameters { get; }

    /// <summary>Parameters of fully connected (<c>Linear</c>) layers.</summary>
    public long DenseParameters { get; }

    /// <summary>Parameters of every other layer (batch normalization…).</summary>
    public long OtherParameters { get; }

    /// <summary>Share of the parameters in convolution layers, between 0 and 1.</summary>
    public double ConvolutionShare => Share(ConvolutionParameters);

    /// <summary>Share of the parameters in fully connected layers, between 0 and 1.</summary>
    public double DenseShare => Share(DenseParameters);

    /// <summary>Multiply-accumulates of one forward pass for one sample.</summary>
    public long Macs { get; }

    /// <summary>
    /// Traces <paramref name="model"/> on zero images of <paramref name="inputShape"/> (one sample, without the batch
    /// dimension), e.g. <c>ModelSummary.Of(new ResNet(ResNetConfig.ResNet18()), 3, 224, 224)</c>. The model is put
    /// in evaluation mode for the pass and restored afterwards; the input goes to the device of its parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is empty or not positive, or the model rejects it.</exception>
    public static ModelSummary Of(nn.Module<Tensor, Tensor> model, params long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(size => size < 1))
            throw new ArgumentException(
                $"The input shape of one sample needs positive sizes, e.g. [3, 224, 224]; got {ImageInput.Format(inputShape)}.", nameof(inputShape));

        var named = model.named_modules().ToList();
        var leaves = named.Count == 0 ? [("", (nn.Module)model)] : named.Where(entry => !entry.module.children().Any()).ToList();
        var calls = new List<LayerSummary>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        var removers = new List<Action>();
        foreach (var (name, module) in leaves)
        {
            if (module is not nn.Module<Tensor, Tensor> layer)
                continue;
            var label = name.Length > 0 ? name : module.GetName();
            var remover = layer.register_forward_hook((called, input, output) =>
            {
                var (inShape, outShape) = (input.shape[1..], output.shape[1..]);
                var parameters = seen.Add(called) ? Count(called.parameters()) : 0;
                calls.Add(new LayerSummary(label, called.GetType().Name, KindOf(called), inShape, outShape,
                    parameters, MacsOf(called, inShape, outShape)));
                return output;
            });
            removers.Add(remover.remove);
        }

        // Every module's own flag, parents first, so restoring in order undoes train()'s recursion.
        var modes = named.Select(entry => (entry.module, entry.module.training)).Prepend((model, model.training)).ToList();
        long[] outputShape;
        try
        {
            model.eval();
            using var noGrad = no_grad();
            try
            {
                // An empty batch runs every layer, so the hooks see every shape, but computes nothing: EfficientNet-B7
                // at 600×600 is traced in milliseconds instead of seconds.
                outputShape = Trace(model, inputShape, batch: 0);
            }
            catch (Exception)
            {
                // Some forward methods cannot take an empty batch (x.view(x.shape[0], -1) has no answer for 0
                // elements): trace one real sample instead.
                calls.Clear();
                seen.Clear();
                outputShape = Trace(model, inputShape, batch: 1);
            }
        }
        finally
        {
            foreach (var remove in removers)
                remove();
            foreach (var (module, training) in modes)
                module.train(training);
        }

        var byKind = Enum.GetValues<LayerKind>().ToDictionary(kind => kind, _ => 0L);
        foreach (var module in named.Select(entry => entry.module).Prepend(model))
            byKind[KindOf(module)] += Count(module.parameters(recurse: false));
        return new ModelSummary(model.GetName(), inputShape, outputShape, calls, byKind);
    }

    /// <summary>One line: name, parameters and where they are, MACs, input and output shapes.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Model}: {Parameters:N0} parameters (convolution {ConvolutionShare:P1}, dense {DenseShare:P1}), " +
        $"{Macs:N0} MACs, {ImageInput.Format(InputShape)} → {ImageInput.Format(OutputShape)}");

    private double Share(long part) => Parameters == 0 ? 0 : (double)part / Parameters;

    private static LayerKind KindOf(nn.Module module) => module switch
    {
        Convolution => LayerKind.Convolution,
        Linear => LayerKind.Dense,
        _ => LayerKind.Other,
    };

    private static long[] Trace(nn.Module<Tensor, Tensor> model, long[] inputShape, long batch)
    {
        using var scope = NewDisposeScope();
        var first = model.parameters().FirstOrDefault();
        var input = zeros([batch, .. inputShape], dtype: first?.dtype ?? ScalarType.Float32, device: first?.device ?? CPU);
        return model.call(input).shape[1..];
    }

    // Shapes are per sample, channels first: (C, H, W) for images, (…, features) for a linear layer.
    private static long MacsOf(nn.Module module, long[] input, long[] output) => module switch
    {
        ConvolutionTranspose t => t.weight!.numel() * Positions(input[1..]),
        Convolution c => c.weight!.numel() * Positions(output[1..]),
        Linear l => l.weight!.numel() * Positions(output[..^1]),
        _ => 0,
    };

    private static long Positions(long[] sizes) => sizes.Aggregate(1L, (product, size) => product * size);

    private static long Count(IEnumerable<Parameter> parameters) => parameters.Sum(p => p.numel());
}
