using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using DeepArch.Runtime;
using TorchSharp;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch info</c>: versions, device, threads and what the TorchSharp compatibility step did here.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Show .NET, TorchSharp and libtorch versions, the device, threads and the native compatibility status.") { json };
        command.SetAction(parse =>
        {
            var facts = Collect();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(facts, CliJson.Options));
            else
                foreach (var (name, value) in facts)
                    Console.WriteLine($"{name,-22} {value}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The path of a loaded native library (Linux): which libtorch is in use, since <c>torch.__version__</c> is the
    /// version TorchSharp was built against, not the one a custom library path (a PyTorch install) provides.
    /// </summary>
    private static string? LoadedFile(string fileName)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        return File.ReadLines("/proc/self/maps")
            .Select(line => line[(line.IndexOf('/') is var slash and >= 0 ? slash : line.Length)..])
            .FirstOrDefault(path => path.EndsWith("/" + fileName, StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Collect()
    {
        var torchAssembly = typeof(torch).Assembly;
        var device = Devices.Select();
        // A real op proves libtorch is loaded and working, not just that the managed assembly is there.
        using var probe = torch.ones(2, 2).matmul(torch.ones(2, 2)).sum();
        return new Dictionary<string, string>
        {
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})",
            ["torchsharp"] = torchAssembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                             ?? torchAssembly.GetName().Version?.ToString() ?? "unknown",
            ["libtorch"] = torch.__version__,
            ["libtorch_loaded"] = LoadedFile("libtorch_cpu.so") ?? "unknown",
            ["device"] = device.ToString(),
            ["cuda_available"] = torch.cuda.is_available().ToString().ToLowerInvariant(),
            ["threads"] = TorchRuntime.Threads.ToString(),
            ["libtorch_check"] = probe.item<float>() == 8f ? "ok (2x2 matmul)" : "WRONG RESULT",
            ["native_guard"] = NativeGuard.Status,
            ["glibcxx_compat_step"] = CompatibilityStep.Describe(),
        };
    }
}
