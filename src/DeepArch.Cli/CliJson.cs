using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepArch.Cli;

/// <summary>How every <c>--json</c> output is written: snake_case names, readable characters (no <c>\u002B</c> for '+').</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
