using System.CommandLine;
using System.Text.Json;
using DeepArch.Cli.Benchmarks;

namespace DeepArch.Cli.Commands;

/// <summary><c>deeparch bench trainer|charlstm|attention|sampling</c>: the library's training loops against bare TorchSharp loops, and the diffusion samplers' speed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed steps per loop.", DefaultValueFactory = _ => 3000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per batch.", DefaultValueFactory = _ => 64 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing each loop.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var trainer = new Command("trainer", "Time LeNet-5 on synthetic batches with a bare TorchSharp loop, then with the library's Trainer; report ms/step and RSS.")
        {
            steps, batchSize, warmup, json,
        };
        trainer.SetAction(parse =>
        {
            var settings = new TrainerBenchmark.Settings(parse.GetValue(steps), parse.GetValue(batchSize), parse.GetValue(warmup));
            var quiet = parse.GetValue(json);
            var result = TrainerBenchmark.Run(settings, quiet ? null : Console.Error);
            Console.WriteLine(quiet
                ? JsonSerializer.Serialize(result, CliJson.Options)
                : result.ToText());
            return 0;
        });
        return new Command("bench", "Benchmarks that check the project's speed and memory goals.") { trainer, CreateCharLstm(), CreateAttention(), CreateSampling(), KernelCommand.CreateBench() };
    }

    private static Command CreateCharLstm()
    {
        var steps = new Option<int>("--steps") { Description = "Timed steps per loop.", DefaultValueFactory = _ => 60 };
        var batchSize = new Option<int>("--batch-size") { Description = "Streams per window (each 128 characters).", DefaultValueFactory = _ => 32 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing each loop.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("charlstm",
            "Time the charlstm-shakespeare training loop against a bare nn.LSTM forward/backward on the same batches; report ms/step, their ratio and characters/s.")
        {
            steps, batchSize, warmup, json,
        };
        command.SetAction(parse =>
        {
            var settings = new CharLstmBenchmark.Settings(parse.GetValue(steps), parse.GetValue(batchSize), parse.GetValue(warmup));
            var quiet = parse.GetValue(json);
            var result = CharLstmBenchmark.Run(settings, quiet ? null : Console.Error);
            Console.WriteLine(quiet ? JsonSerializer.Serialize(result, CliJson.Options) : result.ToText());
            return 0;
        });
        return command;
    }

    private static Command CreateAttention()
    {
        var steps = new Option<int>("--steps") { Description = "Timed steps per variant.", DefaultValueFactory = _ => 40 };
        var batchSize = new Option<int>("--batch-size") { Description = "Windows per batch. Default: gpt-shakespeare's." };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing each variant.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("attention",
            "Time gpt-shakespeare's training step with attention written out and with scaled_dot_product_attention; report ms/step and their ratio.")
        {
            steps, batchSize, warmup, json,
        };
        command.SetAction(parse =>
        {
            var settings = new AttentionBenchmark.Settings(parse.GetValue(steps),
                parse.GetValue(batchSize) is > 0 and var b ? b : Training.Recipes.GptShakespeareSettings.BatchSize, parse.GetValue(warmup));
            var quiet = parse.GetValue(json);
            var result = AttentionBenchmark.Run(settings, quiet ? null : Console.Error);
            Console.WriteLine(quiet ? JsonSerializer.Serialize(result, CliJson.Options) : result.ToText());
            return 0;
        });
        return command;
    }

    private static Command CreateSampling()
    {
        var recipe = new Option<string>("--recipe") { Description = "ddpm-shapes or ddpm-mnist.", DefaultValueFactory = _ => "ddpm-shapes" };
        var count = new Option<int>("--count") { Description = "Images per sampler (one batch up to 250).", DefaultValueFactory = _ => 100 };
        var guidance = new Option<double>("--guidance") { Description = "Classifier-free guidance weight (0: one network pass per step)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("sampling",
            "Time a diffusion recipe's samplers (DDIM 10/20/50/100, DDPM): seconds, images/s, ms/step and the U-Net's share of the time.")
        {
            recipe, count, guidance, json,
        };
        command.SetAction(parse =>
        {
            var settings = new SamplingBenchmark.Settings(parse.GetValue(recipe)!, parse.GetValue(count), parse.GetValue(guidance));
            var quiet = parse.GetValue(json);
            var result = SamplingBenchmark.Run(settings, quiet ? null : Console.Error);
            Console.WriteLine(quiet ? JsonSerializer.Serialize(result, CliJson.Options) : result.ToText());
            return 0;
        });
        return command;
    }
}
