using System.CommandLine;
using DeepArch.Runtime;

namespace DeepArch.Cli;

/// <summary>Parses and invokes a command; any failure becomes one line on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // One line, not the usage screen: scripts and CI logs read this.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            Console.Error.WriteLine($"deeparch: error: {error.Message} (see 'deeparch --help')");
            return 2;
        }
        try
        {
            TorchRuntime.Initialize();
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"deeparch: error: {OneLine(e)}");
            return 1;
        }
    }

    private static string OneLine(Exception e)
    {
        var inner = e is AggregateException { InnerException: { } i } ? i : e;
        return inner.Message.ReplaceLineEndings(" ").Trim();
    }
}
