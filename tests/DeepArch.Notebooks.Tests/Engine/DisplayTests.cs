using DeepArch.Notebooks.Engine;

namespace DeepArch.Notebooks.Tests.Engine;

public sealed class DisplayTests
{
    private readonly ExecutionSession _session = new();

    [Fact]
    public void Display_emits_display_data_and_update_reuses_its_display_id()
    {
        var run = SessionRun.Of(_session, "var handle = display(\"first\");\nhandle.Update(\"second\");").Succeeds();
        var outputs = run.Outputs.OfType<DisplayOutput>().ToList();
        Assert.Equal(2, outputs.Count);
        Assert.False(outputs[0].IsUpdate);
        Assert.Equal("first", outputs[0].Data.GetText("text/plain"));
        Assert.True(outputs[1].IsUpdate);
        Assert.Equal("second", outputs[1].Data.GetText("text/plain"));
        Assert.Equal(outputs[0].DisplayId, outputs[1].DisplayId);
    }

    [Fact]
    public void Update_from_a_later_cell_is_sent_with_that_cell()
    {
        var first = SessionRun.Of(_session, "var handle = display(1);").Succeeds();
        var later = SessionRun.Of(_session, "handle.Update(2);").Succeeds();
        var update = Assert.Single(later.Outputs.OfType<DisplayOutput>());
        Assert.True(update.IsUpdate);
        Assert.Equal(first.Outputs.OfType<DisplayOutput>().Single().DisplayId, update.DisplayId);
        Assert.Equal("2", update.Data.GetText("text/plain"));
    }

    [Fact]
    public void Display_with_mime_types_keeps_only_those()
    {
        var run = SessionRun.Of(_session, "display(\"<b>x</b>\", \"text/html\");").Succeeds();
        var output = Assert.Single(run.Outputs.OfType<DisplayOutput>());
        Assert.Equal(["text/html"], output.Data.MimeTypes);
    }

    [Fact]
    public void Outputs_keep_the_order_the_cell_produced_them()
    {
        var run = SessionRun.Of(_session, "Console.Write(\"a\"); display(\"b\"); Console.WriteLine(\"c\");").Succeeds();
        Assert.Collection(run.Outputs,
            o => Assert.Equal("a", Assert.IsType<StreamOutput>(o).Text),
            o => Assert.Equal("b", Assert.IsType<DisplayOutput>(o).Data.GetText("text/plain")),
            o => Assert.Equal("c\n", Assert.IsType<StreamOutput>(o).Text));
    }
}
