using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.IntegrationTests.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Stats;

/// <summary>An OOM kill inside a container that does not end it: the kernel kills a child, PID 1 goes on.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class OomChildTests
{
    [SkippableFact]
    public async Task A_child_killed_by_the_oom_killer_gives_an_oom_event_and_the_container_keeps_running()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        using var events = f.Host.Events.Subscribe();
        var c = await f.RunAsync(new CreateContainerRequest
        {
            Image = "busybox", Memory = "32m", MemorySwap = "32m",
            // The inner sh grows until the kernel kills it; the outer sh (PID 1) stays small and survives.
            Cmd = ["sh", "-c", "sh -c 'x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done'; echo child-died; sleep 60"],
        });

        var seen = new List<EngineEvent>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!seen.Any(e => e.Action == "oom" && e.ActorId == c.Id))
                seen.Add(await events.Reader.ReadAsync(timeout.Token));
        }
        var logs = "";
        for (var i = 0; i < 50 && !logs.Contains("child-died"); i++, await Task.Delay(100)) logs = await f.LogsAsync(c.Id);
        Assert.Contains("child-died", logs);
        // Give a wrong die (or a late duplicate) time to show up before asserting there is none.
        await Task.Delay(1500);
        while (events.Reader.TryRead(out var late)) seen.Add(late);

        var oom = seen.First(e => e.Action == "oom" && e.ActorId == c.Id);
        Assert.Equal("33554432", oom.Attributes["memoryLimit"]);
        Assert.True(long.Parse(oom.Attributes["oomKillCount"]) >= 1, string.Join(", ", oom.Attributes));
        var pid1 = f.Engine.Get(c.Id).State.Pid!.Value;
        if (KernelLogReadable())
        {
            // The victim is the child, not PID 1 (host pids: the victim is gone, PID 1 is still there).
            Assert.True(oom.Attributes.TryGetValue("victimPid", out var victim), string.Join(", ", oom.Attributes));
            Assert.NotEqual(pid1.ToString(), victim);
            Assert.Equal("sh", oom.Attributes["victimCommand"]);
        }
        Assert.DoesNotContain(seen, e => e.Action == "die" && e.ActorId == c.Id);

        var state = f.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Running, state.Status);
        Assert.False(state.OomKilled);
        Assert.True(Directory.Exists($"/proc/{pid1}"));
    }

    private static bool KernelLogReadable()
    {
        try
        {
            using var kmsg = File.OpenHandle("/dev/kmsg");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
