namespace DeepArch.Training.Recipes;

/// <summary>
/// What <c>deeparch sample</c> asks a generative recipe for; every <c>null</c> means the recipe's default, and a
/// recipe that cannot honour a field that is set (a class for an unconditional model, say) throws
/// <see cref="ArgumentException"/> with a one-line message naming it.
/// </summary>
public sealed record SampleRequest
{
    /// <summary>How many images to draw (image generators).</summary>
    public int Count { get; init; } = 64;

    /// <summary>Seed of the random draws.</summary>
    public int Seed { get; init; } = Runtime.Seeding.DefaultSeed;

    /// <summary>The class to draw (class-conditional models).</summary>
    public int? Class { get; init; }

    /// <summary>A caption such as <c>cercle rouge</c> (caption-conditioned models).</summary>
    public string? Caption { get; init; }

    /// <summary>The sampler's name, e.g. <c>ddpm</c> or <c>ddim</c> (diffusion models).</summary>
    public string? Sampler { get; init; }

    /// <summary>Sampling steps (diffusion models).</summary>
    public int? Steps { get; init; }

    /// <summary>DDIM's η (diffusion models): 0 deterministic, 1 the variance of DDPM's posterior.</summary>
    public double? Eta { get; init; }

    /// <summary>Guidance weight w (classifier-free guidance).</summary>
    public double? Guidance { get; init; }

    /// <summary>The text a text generator continues (language models).</summary>
    public string? Prompt { get; init; }

    /// <summary>Characters or tokens to generate (language models).</summary>
    public int? Length { get; init; }

    /// <summary>Softmax temperature of the draws (language models); near 0 is greedy.</summary>
    public double? Temperature { get; init; }

    /// <summary>The <c>deeparch sample</c> options of the fields that are set (<see cref="Count"/> and <see cref="Seed"/> aside).</summary>
    public IReadOnlyList<string> OptionsSet() =>
    [
        .. new (string Option, bool Set)[]
        {
            ("--class", Class is not null), ("--caption", Caption is not null), ("--sampler", Sampler is not null),
            ("--steps", Steps is not null), ("--eta", Eta is not null), ("--guidance", Guidance is not null),
            ("--prompt", Prompt is not null), ("--length", Length is not null), ("--temperature", Temperature is not null),
        }.Where(option => option.Set).Select(option => option.Option),
    ];

    /// <summary>
    /// Refuses, in one line, the fields that are set but whose options are not among <paramref name="accepted"/>:
    /// "<paramref name="recipe"/>: --class, --eta do not apply to it."
    /// </summary>
    /// <param name="recipe">What the recipe is or does, e.g. "vae-mnist draws unconditional images".</param>
    /// <param name="accepted">The options the recipe honours, spelt as <c>deeparch sample</c> spells them.</param>
    /// <exception cref="ArgumentException">A set field the recipe cannot honour.</exception>
    internal void AcceptOnly(string recipe, params string[] accepted)
    {
        var refused = OptionsSet().Except(accepted).ToList();
        if (refused.Count > 0)
            throw new ArgumentException($"{recipe}: {string.Join(", ", refused)} {(refused.Count == 1 ? "does" : "do")} not apply to it.");
    }
}
