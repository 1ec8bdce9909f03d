using System.Reflection;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Tests.Containers;

namespace Dashboard.Engine.Tests.Events;

/// <summary>Event names and attribute keys have one owner (issue 10 point 4): what the engine publishes is spelled by
/// <see cref="EventActions"/> and <see cref="EventAttributeKeys"/>, which the Docker API, the hub and the pages read.</summary>
public sealed class EventNamesTests
{
    private static HashSet<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    [Fact]
    public async Task A_containers_whole_life_is_told_in_the_engines_vocabulary()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(new CreateContainerRequest { Name = "life", Image = "busybox", Cmd = ["sleep", "1"], Memory = "32m", Labels = new Dictionary<string, string> { ["team"] = "a" } }, default);
        await h.Engine.StartAsync(c.Id, default);
        await h.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { Memory = "64m", Cpus = "0.5" }, default);
        await h.Engine.PauseAsync(c.Id, default);
        await h.Engine.UnpauseAsync(c.Id, default);
        await h.Engine.OnOomAsync(c.Id, new OomReport(DateTimeOffset.UtcNow, 1, 60_000_000, 67_108_864, 42, "sh"));
        h.Oom.Counts[c.Id] = 1;
        var exited = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        await h.Engine.KillAsync(c.Id, "SIGKILL", default);
        await exited;
        await h.Engine.RestartAsync(c.Id, 1, default);
        await h.Engine.StopAsync(c.Id, 1, null, default);
        await h.Engine.RemoveAsync(c.Id, force: false, default);

        var events = h.Events.Events.Where(e => e.ActorId == c.Id).ToList();
        Assert.All(events, e => Assert.Equal(EventTypes.Container, e.Type));
        Assert.Subset(Constants(typeof(EventActions)), events.Select(e => e.Action).ToHashSet());
        Assert.Subset(Constants(typeof(EventAttributeKeys)).Append("team").ToHashSet(), events.SelectMany(e => e.Attributes.Keys).ToHashSet());
        Assert.Equal(
            [EventActions.Create, EventActions.Start, EventActions.LimitsUpdated, EventActions.Pause, EventActions.Unpause,
             EventActions.Oom, EventActions.Kill, EventActions.Die, EventActions.Start, EventActions.Restart,
             EventActions.Die, EventActions.Stop, EventActions.Destroy],
            events.Select(e => e.Action));
        var oomDie = events.First(e => e.Action == EventActions.Die);
        Assert.True(oomDie.IsOomKill);
        Assert.Equal("137", oomDie.Attribute(EventAttributeKeys.ExitCode));
        Assert.True(events.Single(e => e.Action == EventActions.Oom).IsOomKill);
        Assert.False(events.Last(e => e.Action == EventActions.Die).IsOomKill);
    }
}
