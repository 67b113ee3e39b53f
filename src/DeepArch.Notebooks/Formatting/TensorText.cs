using System.Globalization;
using System.Net;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Notebooks.Formatting;

/// <summary>
/// A tensor as a student wants to see it: shape, dtype and device first, then the values, abridged like PyTorch does
/// (the first and last <see cref="Edge"/> entries of each long dimension) so a large tensor never floods the notebook.
/// </summary>
internal static class TensorText
{
    private const int Edge = 3;

    public static string Header(Tensor t) =>
        $"tensor [{string.Join(", ", t.shape)}] {t.dtype.ToString().ToLowerInvariant()} {t.device}";

    public static string Plain(Tensor t) => Header(t) + "\n" + Values(t);

    public static string Html(Tensor t) =>
        $"<div><code>{WebUtility.HtmlEncode(Header(t))}</code></div><pre>{WebUtility.HtmlEncode(Values(t))}</pre>";

    private static string Values(Tensor t)
    {
        if (t.is_complex())
            return t.ToString(TorchSharp.TensorStringStyle.Numpy);
        using var scope = NewDisposeScope();
        var shown = t.detach().cpu();
        var abridged = new bool[t.dim()];
        for (var d = 0; d < t.dim(); d++)
        {
            if (t.shape[d] <= 2 * Edge)
                continue;
            abridged[d] = true;
            shown = cat([shown.narrow(d, 0, Edge), shown.narrow(d, t.shape[d] - Edge, Edge)], d);
        }
        var isBool = t.dtype == ScalarType.Bool;
        var isInteger = !isBool && !is_floating_point(t);
        var values = shown.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var texts = values.Select(v => isBool ? (v != 0 ? "true" : "false")
            : isInteger ? v.ToString("0", CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture)).ToArray();
        var width = texts.Length == 0 ? 1 : texts.Max(s => s.Length);
        var text = new StringBuilder();
        var offset = 0;
        Append(text, texts, shown.shape, abridged, 0, ref offset, width);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string[] values, long[] shape, bool[] abridged, int dim, ref int offset, int width)
    {
        if (dim == shape.Length)
        {
            text.Append(values[offset++].PadLeft(width));
            return;
        }
        text.Append('[');
        for (var i = 0; i < shape[dim]; i++)
        {
            if (i > 0)
                text.Append(dim == shape.Length - 1 ? ", " : ",\n" + new string(' ', dim + 1));
            if (abridged[dim] && i == Edge)
                text.Append(dim == shape.Length - 1 ? "..., " : "...,\n" + new string(' ', dim + 1));
            Append(text, values, shape, abridged, dim + 1, ref offset, width);
        }
        text.Append(']');
    }
}
