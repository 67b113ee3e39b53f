using System.Security.Cryptography;
using System.Text;
using DeepArch.Notebooks.Ipynb;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The checksum recorded on locked cells of a student notebook: SHA-256 of the cell type and its text, with line ends
/// normalised (a front end that rewrites them is not tampering) and <c>#r</c> paths reduced to file names (the same
/// cell checks the same wherever the notebook was written).
/// </summary>
public static class CellChecksum
{
    /// <summary>"sha256:…" of a cell of type <paramref name="cellType"/> holding <paramref name="source"/>.</summary>
    public static string Of(string cellType, string source)
    {
        var text = $"{cellType}\n{References.Normalize(source.ReplaceLineEndings("\n")).TrimEnd('\n')}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The checksum of a cell as it is.</summary>
    public static string Of(NotebookCell cell) => Of(cell.CellType, cell.Source);
}
