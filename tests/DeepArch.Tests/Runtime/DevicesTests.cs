using DeepArch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepArch.Tests.Runtime;

[Collection(GlobalRandomState.Name)]
public sealed class DevicesTests
{
    [Fact]
    public void CpuCanAlwaysBeChosen() => Assert.Equal(DeviceType.CPU, Devices.Select("cpu").type);

    [Fact]
    public void AutoPicksCudaExactlyWhenTorchSharpReportsIt() =>
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, Devices.Select("auto").type);

    [Fact]
    public void CudaWithoutAGpuIsAnErrorNotASilentFallback()
    {
        if (cuda.is_available())
            return;   // the assertion below only means something on a CPU-only host

        var error = Assert.Throws<ArgumentException>(() => Devices.Select("cuda"));
        Assert.Contains("no CUDA device", error.Message);
    }

    [Fact]
    public void AnUnknownDeviceNameIsExplained()
    {
        var error = Assert.Throws<ArgumentException>(() => Devices.Select("tpu"));
        Assert.Contains("expected auto, cpu, cuda or cuda:N", error.Message);
    }

    [Fact]
    public void TheSameSeedGivesTheSameNumbers()
    {
        Seeding.Seed(123);
        using var first = rand(5);
        var firstNet = new Random(123).Next();
        var dotnet = Seeding.Seed(123);
        using var second = rand(5);

        Assert.True(first.allclose(second, rtol: 0, atol: 0));
        Assert.Equal(firstNet, dotnet.Next());
    }

    [Fact]
    public void LibTorchComputesAndTrainsAfterLoading()
    {
        Seeding.Seed(5);
        using var model = nn.Linear(3, 1);
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        using var x = rand(32, 3);
        using var y = x.sum(1, keepdim: true);
        var losses = new List<float>();
        for (var i = 0; i < 20; i++)
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.mse_loss(model.call(x), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(losses[^1] < losses[0] / 4, $"loss {losses[0]} -> {losses[^1]}");
    }
}
