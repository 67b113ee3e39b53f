namespace DeepArch.Data;

/// <summary>One generated sentence and its translation.</summary>
/// <param name="French">The French sentence, e.g. « La souris mange une pomme rouge. »</param>
/// <param name="English">The English sentence, e.g. "The mouse eats a red apple."</param>
public sealed record PhrasePair(string French, string English);
