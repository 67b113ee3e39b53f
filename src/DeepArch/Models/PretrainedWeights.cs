using DeepArch.Data;
using static TorchSharp.torch;

namespace DeepArch.Models;

/// <summary>
/// One of torchvision's published ImageNet weight files: what it is, where it comes from, and how it is checked.
/// torchvision's file names carry the first 8 hex digits of the file's SHA-256 (what <c>torch.hub</c> verifies); the
/// full SHA-256 and size below were recorded by people who downloaded the files (see <c>datasets/README.md</c>) and
/// agree with that prefix; the download is refused unless both match.
/// </summary>
/// <param name="Name">Catalogue name, also the dataset name of <c>deeparch datasets fetch</c>.</param>
/// <param name="Architecture">The zoo model it fits.</param>
/// <param name="Remote">The file, its size, SHA-256 and URL.</param>
/// <param name="Top1">torchvision's reported ImageNet-1k top-1 accuracy, in percent.</param>
/// <param name="Licence">The weights' licence.</param>
public sealed record PretrainedEntry(string Name, string Architecture, RemoteDataset Remote, double Top1, string Licence)
{
    /// <summary>The file name, e.g. <c>vgg19-dcbb9e9d.pth</c>.</summary>
    public string FileName => Remote.Files[0].FileName;

    /// <summary>Where the file is (or would be) under the data root.</summary>
    public string PathIn(string? root = null) => Path.Combine(Remote.FolderIn(root), FileName);

    /// <summary>Whether the file is in the data root.</summary>
    public bool IsPresent(string? root = null) => Remote.IsPresent(root);
}

/// <summary>
/// The catalogue of pretrained ImageNet weights the course can use (torchvision's, BSD-3-Clause), downloaded only on
/// demand into the data root's <c>pretrained/</c> folder, verified by size and SHA-256 before they are kept, and loaded
/// into the course's own zoo models, which name their parameters as torchvision does.
/// </summary>
public static class PretrainedWeights
{
    private const string Folder = "pretrained";
    private const string Licence = "BSD-3-Clause (torchvision)";

    /// <summary>VGG-19 (Simonyan, Zisserman 2015), torchvision's <c>VGG19_Weights.IMAGENET1K_V1</c>: the network of Gatys et al.'s style transfer.</summary>
    public static PretrainedEntry Vgg19 { get; } = new("vgg19-imagenet", "Vgg(VggConfig.Vgg19())",
        Remote("vgg19-imagenet", "vgg19-dcbb9e9d.pth", 574_673_361, "dcbb9e9dad569fff7a846263a77324fc34978fea2bfb039c012d710e1776ae44"),
        72.376, Licence);

    /// <summary>ResNet-50 (He et al. 2016), torchvision's <c>ResNet50_Weights.IMAGENET1K_V1</c>.</summary>
    public static PretrainedEntry ResNet50 { get; } = new("resnet50-imagenet", "ResNet(ResNetConfig.ResNet50())",
        Remote("resnet50-imagenet", "resnet50-0676ba61.pth", 102_530_333, "0676ba61b6795bbe1773cffd859882e5e297624d384b6993f7c9e683e722fb8a"),
        76.130, Licence);

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<PretrainedEntry> All { get; } = [Vgg19, ResNet50];

    /// <summary>ImageNet's per-channel mean, which torchvision's models expect subtracted from RGB images in [0, 1].</summary>
    public static IReadOnlyList<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet's per-channel standard deviation, which torchvision's models expect divided by.</summary>
    public static IReadOnlyList<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The zoo's VGG-19 with ImageNet weights, in evaluation mode, from the data root (downloaded first when
    /// <paramref name="download"/> is set and the file is missing).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is not there and downloading was not asked for.</exception>
    /// <exception cref="DatasetDownloadException">The download failed (offline, or a checksum mismatch); nothing was kept.</exception>
    /// <exception cref="PretrainedWeightsException">The file does not fit the model.</exception>
    public static Vgg LoadVgg19(string? root = null, bool download = false)
    {
        var model = new Vgg(VggConfig.Vgg19());
        PretrainedStateDict.Load(model, Ensure(Vgg19, root, download));
        model.eval();
        return model;
    }

    /// <summary>The zoo's ResNet-50 with ImageNet weights, in evaluation mode (see <see cref="LoadVgg19"/>).</summary>
    /// <exception cref="FileNotFoundException">The file is not there and downloading was not asked for.</exception>
    /// <exception cref="DatasetDownloadException">The download failed; nothing was kept.</exception>
    /// <exception cref="PretrainedWeightsException">The file does not fit the model.</exception>
    public static ResNet LoadResNet50(string? root = null, bool download = false)
    {
        var model = new ResNet(ResNetConfig.ResNet50());
        PretrainedStateDict.Load(model, Ensure(ResNet50, root, download));
        model.eval();
        return model;
    }

    /// <summary>
    /// The <paramref name="k"/> most probable classes <c>(index, probability)</c> of one image's ImageNet logits <c>[1, 1000]</c>
    /// or <c>[1000]</c>, most probable first, as the lecture's "Samoyed (16) ; Papillon (5.7)…" slide lists them.
    /// </summary>
    public static IReadOnlyList<(int Class, double Probability)> TopK(Tensor logits, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        var p = nn.functional.softmax(logits.reshape(-1).to(ScalarType.Float64), 0);   // (K)
        var (values, indices) = p.topk(Math.Min(k, (int)p.shape[0]));
        var v = values.data<double>().ToArray();
        var i = indices.data<long>().ToArray();
        return [.. Enumerable.Range(0, v.Length).Select(n => ((int)i[n], v[n]))];
    }

    private static string Ensure(PretrainedEntry entry, string? root, bool download) =>
        Path.Combine(entry.Remote.Ensure(root, download), entry.FileName);

    private static RemoteDataset Remote(string name, string file, long size, string sha256) =>
        new(name, Folder, [new RemoteFile(file, size, sha256, [new Uri($"https://download.pytorch.org/models/{file}")])]);
}
