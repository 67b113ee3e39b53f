using System.Text.Json;
using DeepArch.Models;

namespace DeepArch.Tests.Models;

public sealed class ZooCommandTests
{
    [Fact]
    public void JsonListsEveryModelWithTheDocumentedFields()
    {
        var result = Cli.Cli.Run("zoo", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var models = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(ModelZoo.Models.Select(model => model.Name), models.Select(model => model.GetProperty("name").GetString()));
        foreach (var model in models)
        {
            Assert.True(model.GetProperty("parameters").GetInt64() > 0);
            Assert.True(model.GetProperty("macs").GetInt64() > 0);
            Assert.NotEmpty(model.GetProperty("input").EnumerateArray());
            Assert.NotEmpty(model.GetProperty("output").EnumerateArray());
            Assert.InRange(model.GetProperty("conv_share").GetDouble() + model.GetProperty("dense_share").GetDouble(), 0.0, 1.0);
        }

        // ResNet-50 as torchvision publishes it: 25,557,032 parameters, 4.089 GMACs at 224×224.
        var resnet50 = models.Single(model => model.GetProperty("name").GetString() == "resnet50");
        Assert.Equal(25_557_032, resnet50.GetProperty("parameters").GetInt64());
        Assert.Equal([3L, 224, 224], resnet50.GetProperty("input").EnumerateArray().Select(size => size.GetInt64()));
        Assert.Equal([1000L], resnet50.GetProperty("output").EnumerateArray().Select(size => size.GetInt64()));
        Assert.InRange(resnet50.GetProperty("macs").GetInt64() / 1e9, 4.089 * 0.985, 4.089 * 1.015);
    }
}
