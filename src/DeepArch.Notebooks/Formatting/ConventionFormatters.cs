using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace DeepArch.Notebooks.Formatting;

/// <summary>
/// Formatters that types declare through the .NET Interactive convention, found by name so that a library needs no
/// reference to this engine (and renders the same under Polyglot Notebooks): an attribute class named
/// <c>TypeFormatterSourceAttribute</c> whose <c>FormatterSourceType</c> is a class with a public parameterless
/// constructor and <c>CreateTypeFormatters()</c>, returning formatters with <c>MimeType</c>, an optional <c>Type</c>,
/// and <c>bool Format(object, TextWriter)</c>.
/// </summary>
internal static class ConventionFormatters
{
    internal sealed record Formatter(string MimeType, Type? AppliesTo, Func<object, TextWriter, bool> Format);

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Formatter>> Cache = new();

    /// <summary>The convention formatters that apply to a value of this type (empty when it declares none).</summary>
    public static IReadOnlyList<Formatter> For(Type type) => Cache.GetOrAdd(type, Discover);

    private static IReadOnlyList<Formatter> Discover(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            // Some packages carry an attribute of that name for their own purposes, without a source type: not ours.
            var sourceType = t.GetCustomAttributes(inherit: false)
                .Where(a => a.GetType().Name == "TypeFormatterSourceAttribute")
                .Select(a => a.GetType().GetProperty("FormatterSourceType")?.GetValue(a) as Type)
                .FirstOrDefault(s => s is not null);
            if (sourceType is null)
                continue;
            var source = Activator.CreateInstance(sourceType)
                ?? throw new InvalidOperationException($"{sourceType.FullName} cannot be created.");
            var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType.FullName} has no public CreateTypeFormatters() method.");
            var formatters = create.Invoke(source, null) as IEnumerable
                ?? throw new InvalidOperationException($"{sourceType.FullName}.CreateTypeFormatters() returned no sequence.");
            return formatters.Cast<object>().Select(Adapt).Where(f => f.AppliesTo?.IsAssignableFrom(type) ?? true).ToList();
        }
        return [];
    }

    private static Formatter Adapt(object formatter)
    {
        var type = formatter.GetType();
        var mime = type.GetProperty("MimeType")?.GetValue(formatter) as string
            ?? throw new InvalidOperationException($"Formatter {type.FullName} has no MimeType.");
        var appliesTo = type.GetProperty("Type")?.GetValue(formatter) as Type;
        var format = type.GetMethod("Format", BindingFlags.Public | BindingFlags.Instance, [typeof(object), typeof(TextWriter)]);
        if (format is null || format.ReturnType != typeof(bool))
            throw new InvalidOperationException($"Formatter {type.FullName} has no bool Format(object, TextWriter) method.");
        return new Formatter(mime, appliesTo, (value, writer) =>
        {
            try
            {
                return (bool)format.Invoke(formatter, [value, writer])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        });
    }
}
