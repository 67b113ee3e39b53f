namespace DeepArch.Notebooks.Export;

/// <summary>The page around exported cells: styles and the scripts (see <see cref="PageAssets"/>) it loads.</summary>
internal static class PageTemplate
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
        .cell { margin: 1rem 0; }
        .cell.code { border-left: 3px solid #d0d7de; padding-left: .75rem; }
        .prompt { color: #8c959f; font: .8rem ui-monospace, monospace; }
        pre { overflow-x: auto; padding: .6rem .8rem; border-radius: 6px; font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
        pre.source { background: #f6f8fa; }
        pre.output { background: #fff; border: 1px solid #eaeef2; white-space: pre-wrap; }
        pre.stderr { background: #fff8f0; }
        pre.error { background: #ffebe9; border-color: #ff818266; }
        .output.image img { max-width: 100%; image-rendering: auto; }
        .math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", serif; }
        table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; }
        tr.failed td { background: #ffebe9; }
        """;

    public static string Page(string title, string body, string headScripts) => $"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{OutputHtml.Encode(title)}</title>
        <style>
        {Style}
        </style>
        {headScripts}
        </head>
        <body>
        {body}
        </body>
        </html>

        """;
}
