using System.CommandLine;
using System.Globalization;
using DeepArch.Generation;
using DeepArch.IO;
using DeepArch.Runtime;
using DeepArch.Training;
using DeepArch.Training.Recipes;
using TorchSharp;

namespace DeepArch.Cli.Commands;

/// <summary>
/// <c>deeparch sample RECIPE</c>: draws from a generative recipe's trained checkpoint. Image generators write an IDX file
/// of unsigned bytes (<c>[N, H, W]</c> or <c>[N, C, H, W]</c>, MNIST's layout) and a PNG grid beside it; text generators
/// print the text, or write it to <c>--out</c>.
/// </summary>
internal static class SampleCommand
{
    public const string DefaultOutFolder = "artifacts/samples";

    public static Command Create()
    {
        var recipe = new Argument<string>("recipe")
        {
            Description = $"A generative recipe: {string.Join(", ", Generative().Select(r => r.Name))}.",
        };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            HelpName = "FILE",
            Description = $"The trained checkpoint (default: {TrainCommand.DefaultOut}/RECIPE.ckpt, as `deeparch train RECIPE` writes it).",
        };
        var count = new Option<int>("--count") { Description = "Images to draw.", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random draws.", DefaultValueFactory = _ => Seeding.DefaultSeed };
        var cls = new Option<int?>("--class") { HelpName = "C", Description = "The class to draw (class-conditional models)." };
        var caption = new Option<string?>("--caption") { Description = "A caption such as 'cercle rouge' (caption-conditioned models)." };
        var sampler = new Option<string?>("--sampler") { Description = "The sampler, e.g. ddpm or ddim (diffusion models)." };
        var steps = new Option<int?>("--steps") { Description = "Sampling steps (diffusion models)." };
        var eta = new Option<double?>("--eta")
        {
            Description = "DDIM's η (diffusion models): 0 deterministic, 1 the variance of DDPM's posterior (default: the recipe's, 1 for ddpm-mnist, 0 for ddpm-shapes).",
        };
        var guidance = new Option<double?>("--guidance") { Description = "Classifier-free guidance weight w (diffusion models)." };
        var prompt = new Option<string?>("--prompt") { Description = "The text to continue (text generators)." };
        var length = new Option<int?>("--length") { Description = "Characters or tokens to generate (text generators)." };
        var temperature = new Option<double?>("--temperature") { Description = "Softmax temperature (text generators); near 0 is greedy." };
        var output = new Option<string?>("--out")
        {
            HelpName = "FILE",
            Description = $"Image generators: the IDX file, the PNG grid goes beside it (default: {DefaultOutFolder}/RECIPE.idx). " +
                          "Text generators: a text file (default: standard output).",
        };

        var command = new Command("sample", "Draw samples from a generative recipe's checkpoint: IDX + PNG grid for images, text for language models.")
        {
            recipe, checkpoint, count, seed, cls, caption, sampler, steps, eta, guidance, prompt, length, temperature, output,
        };
        command.SetAction(parse =>
        {
            var chosen = RecipeCatalog.Find(parse.GetValue(recipe)!);
            var request = new SampleRequest
            {
                Count = parse.GetValue(count),
                Seed = parse.GetValue(seed),
                Class = parse.GetValue(cls),
                Caption = parse.GetValue(caption),
                Sampler = parse.GetValue(sampler),
                Steps = parse.GetValue(steps),
                Eta = parse.GetValue(eta),
                Guidance = parse.GetValue(guidance),
                Prompt = parse.GetValue(prompt),
                Length = parse.GetValue(length),
                Temperature = parse.GetValue(temperature),
            };
            return Sample(chosen, parse.GetValue(checkpoint), request, parse.GetValue(output));
        });
        return command;
    }

    private static IEnumerable<Recipe> Generative() => RecipeCatalog.All.Where(r => r is IImageGenerator or ITextGenerator);

    private static int Sample(Recipe recipe, string? checkpointPath, SampleRequest request, string? output)
    {
        if (recipe is not (IImageGenerator or ITextGenerator))
            throw new ArgumentException(
                $"{recipe.Name} does not generate anything; deeparch sample takes a generative recipe: {string.Join(", ", Generative().Select(r => r.Name))}.");
        if (request.Count < 1)
            throw new ArgumentException($"--count must be at least 1; got {request.Count}.");
        if (request.Steps is < 1)
            throw new ArgumentException($"--steps must be at least 1; got {request.Steps}.");
        if (request.Length is < 1)
            throw new ArgumentException($"--length must be at least 1; got {request.Length}.");
        if (request.Temperature is { } t && !(t > 0 && double.IsFinite(t)))
            throw new ArgumentException($"--temperature must be positive; got {t.ToString(CultureInfo.InvariantCulture)}.");

        var path = Path.GetFullPath(checkpointPath ?? Path.Combine(TrainCommand.DefaultOut, recipe.Name + ".ckpt"));
        if (!File.Exists(path))
            throw new CheckpointException($"There is no checkpoint at {path}: train one with `deeparch train {recipe.Name}` or give --checkpoint FILE.");
        var info = Checkpoint.Inspect(path);
        if (info.Recipe is { } writer && writer != recipe.Name)
            throw new CheckpointException($"{path} was written by {writer}, not by {recipe.Name}.");
        using var model = recipe.CreateModel();
        Checkpoint.Load(model, path);
        model.to(Devices.Select());
        model.eval();

        if (recipe is ITextGenerator text)
        {
            var generated = text.Generate(model, request);
            if (output is null)
                Console.WriteLine(generated);
            else
                AtomicFile.WriteAllText(output, generated);
            return 0;
        }

        using var images = ((IImageGenerator)recipe).Generate(model, request);   // [N, C, H, W] in [0, 1]
        var idx = Path.GetFullPath(output ?? Path.Combine(DefaultOutFolder, recipe.Name + ".idx"));
        var png = SampleFiles.Save(images, idx);
        var shape = images.shape[1] == 1 ? $"[{images.shape[0]}, {images.shape[2]}, {images.shape[3]}]" : $"[{string.Join(", ", images.shape)}]";
        Console.WriteLine($"{recipe.Name}: {images.shape[0]} samples {shape} (epoch {info.Epoch} checkpoint) written to {idx} (IDX uint8) and {png} (PNG grid)");
        return 0;
    }
}
