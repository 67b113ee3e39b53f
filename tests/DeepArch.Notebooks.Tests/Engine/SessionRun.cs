using DeepArch.Notebooks.Engine;

namespace DeepArch.Notebooks.Tests.Engine;

/// <summary>A cell run in a test: its result and every output it produced, in order.</summary>
internal sealed record SessionRun(CellResult Result, IReadOnlyList<CellOutput> Outputs)
{
    public string Stdout => string.Concat(Outputs.OfType<StreamOutput>().Where(o => o.Name == "stdout").Select(o => o.Text));

    public string Stderr => string.Concat(Outputs.OfType<StreamOutput>().Where(o => o.Name == "stderr").Select(o => o.Text));

    public string? ResultText => Outputs.OfType<ExecuteResultOutput>().SingleOrDefault()?.Data.GetText("text/plain");

    public ErrorOutput Error => Result.Error ?? throw new Xunit.Sdk.XunitException("the cell succeeded; an error was expected");

    public static SessionRun Of(ExecutionSession session, string code, Func<string, bool, string?>? input = null)
    {
        var outputs = new List<CellOutput>();
        var result = session.Execute(code, o => { lock (outputs) outputs.Add(o); }, input);
        return new SessionRun(result, outputs);
    }

    public SessionRun Succeeds()
    {
        Assert.True(Result.Succeeded, Result.Error is { } e ? string.Join("\n", e.Traceback) : "");
        return this;
    }
}
