namespace DeepArch.Display;

/// <summary>
/// Names the class that creates the notebook formatters of the type it decorates. Follows the .NET Interactive
/// convention: Polyglot Notebooks and the DeepArch notebook engine find this attribute by its name
/// (<c>TypeFormatterSourceAttribute</c>) and read <see cref="FormatterSourceType"/>, so the library needs no reference
/// to Microsoft.DotNet.Interactive. Keep the names as they are.
/// </summary>
/// <param name="formatterSourceType">
/// A class with a public parameterless constructor and a public <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>
/// method returning formatters, each with public <c>string MimeType</c>, <c>Type Type</c> and
/// <c>bool Format(object instance, TextWriter writer)</c> members.
/// </param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The class that creates the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>
    /// MIME types a notebook should prefer for the decorated type, most preferred first. Empty means the host's
    /// default (<c>text/html</c> in Polyglot Notebooks).
    /// </summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
