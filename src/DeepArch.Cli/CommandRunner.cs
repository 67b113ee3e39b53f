using System.CommandLine;
using DeepArch.Runtime;

namespace DeepArch.Cli;

/// <summary>Parses and invokes a command; any failure becomes one line on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
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
