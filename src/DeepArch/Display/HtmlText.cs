using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace DeepArch.Display;

/// <summary>Escapes text for HTML while leaving accented letters readable (<c>é</c>, not <c>&amp;#233;</c>).</summary>
internal static class HtmlText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string text) => Encoder.Encode(text);
}
