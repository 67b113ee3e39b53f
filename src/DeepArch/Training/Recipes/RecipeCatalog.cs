namespace DeepArch.Training.Recipes;

/// <summary>The training recipes <c>deeparch train</c> knows, by name.</summary>
public static class RecipeCatalog
{
    /// <summary>Every recipe.</summary>
    public static IReadOnlyList<Recipe> All { get; } =
    [
        new LeNet5Mnist(), new ResNetCifar10(), new UNetShapes(),
        new AutoencoderMnist(), new VaeMnist(), new PixelRnnMnist(), new RbmMnist(),
        new DcganMnist(), new CganMnist(), new Pix2PixShapes(),
        new CharLstmShakespeare(), new GptShakespeare(), new TranslatorPhrases(), new VitMnist(),
        new DdpmMnist(), new DdpmShapes(),
    ];

    /// <summary>The recipe called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No recipe has that name; the message lists those that exist.</exception>
    public static Recipe Find(string name) =>
        All.FirstOrDefault(recipe => string.Equals(recipe.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown recipe '{name}'; the recipes are: {string.Join(", ", All.Select(recipe => recipe.Name))}.");
}
