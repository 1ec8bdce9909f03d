using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

public sealed class ContainerEngineWatchAndLimitsTests
{
    [Fact]
    public async Task Watch_gives_a_snapshot_then_every_change_in_order()
    {
        await using var h = new EngineHarness();
        var before = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "before" }, default);
        using var watch = h.Engine.Watch();
        Assert.Equal([before.Id], watch.Snapshot.Select(c => c.Id));

        var after = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "after" }, default);
        await h.Engine.StartAsync("after", default);
        await h.Engine.RemoveAsync("after", force: true, default);

        var changes = new List<ContainerChange>();
        while (watch.Changes.TryRead(out var change)) changes.Add(change);
        Assert.Equal(ContainerChangeKind.Added, changes[0].Kind);
        Assert.Equal(after.Id, changes[0].Container.Id);
        Assert.Contains(changes, c => c.Kind == ContainerChangeKind.Updated && c.Container.State.Status == ContainerStatus.Running);
        Assert.Equal(ContainerChangeKind.Removed, changes[^1].Kind);
        Assert.All(changes, c => Assert.Equal(after.Id, c.Container.Id));
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_is_told_to_resubscribe()
    {
        await using var h = new EngineHarness();
        using var watch = h.Engine.Watch(capacity: 2);
        for (var i = 0; i < 4; i++)
            await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox" }, default);
        await Assert.ThrowsAsync<ContainerWatchOverflowException>(async () =>
        {
            await foreach (var _ in watch.Changes.ReadAllAsync()) { }
        });
    }

    [Fact]
    public async Task Limits_update_a_running_container_through_the_runtime_and_are_persisted()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Cpus = "0.25", Memory = "64m" }, default);
        await h.Engine.StartAsync(c.Id, default);
        var updated = await h.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { Cpus = "0.5", Memory = "128m", PidsLimit = 50 }, default);
        Assert.Equal(50000, updated.Config.Resources.CpuQuota);
        Assert.Equal(134217728, updated.Config.Resources.MemoryBytes);
        Assert.Equal(50, h.Runtime.Updates[c.Id].PidsLimit);
        Assert.Equal(134217728, h.Store.Records[c.Id].Config.Resources.MemoryBytes);
        var e = h.Events.Events.Single(x => x.Action == "limits-updated");
        Assert.Equal("0.5", e.Attributes["cpus"]);
    }

    [Fact]
    public async Task Bad_limits_change_nothing()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Memory = "64m" }, default);
        await Assert.ThrowsAsync<ValidationException>(() => h.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { Memory = "1m" }, default));
        await Assert.ThrowsAsync<ValidationException>(() => h.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate(), default));
        Assert.Equal(67108864, h.Engine.Get(c.Id).Config.Resources.MemoryBytes);
        Assert.DoesNotContain(h.Events.Events, x => x.Action == "limits-updated");
    }
}
