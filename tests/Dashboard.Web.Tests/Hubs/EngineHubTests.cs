using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Stats;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Hubs;

/// <summary>The engine hub's streams, through a real SignalR client over the unix socket.</summary>
public sealed class EngineHubTests : IAsyncLifetime
{
    private EngineHubHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHubHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StreamReader<EventDto> Events(HubConnection c, long? after, EventFilterDto? filter = null) =>
        StreamReader<EventDto>.Open(ct => c.StreamAsync<EventDto>("Events", after, filter, ct));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_receives_a_published_oom_event(bool messagePack)
    {
        var web = await _host.RunAsync("web");
        var connection = await _host.ConnectAsync(messagePack);
        // after 0: everything from the start, so an event published before the server subscribed is not lost.
        await using var events = Events(connection, 0);
        await _host.PublishAsync("oom", web.Id, ("name", "web"), ("memoryLimit", "209715200"), ("victimPid", "4242"));

        var e = await events.NextAsync();
        Assert.Equal("container", e.Type);
        Assert.Equal("oom", e.Action);
        Assert.Equal(web.Id, e.ActorId);
        Assert.Equal("209715200", e.Attributes["memoryLimit"]);
        Assert.Equal("4242", e.Attributes["victimPid"]);
        Assert.Equal(1, e.Sequence);
    }

    [Fact]
    public async Task Reconnecting_after_the_last_sequence_replays_missed_events_exactly_once_then_follows()
    {
        var connection = await _host.ConnectAsync();
        long last;
        await using (var first = Events(connection, 0))
        {
            await _host.PublishAsync("create", "a");
            await _host.PublishAsync("start", "a");
            Assert.Equal("create", (await first.NextAsync()).Action);
            last = (await first.NextAsync()).Sequence;
        }
        // Missed while away.
        await _host.PublishAsync("die", "a");
        await _host.PublishAsync("destroy", "a");

        await using var again = Events(connection, last);
        Assert.Equal(("die", 3L), Pair(await again.NextAsync()));
        Assert.Equal(("destroy", 4L), Pair(await again.NextAsync()));
        await _host.PublishAsync("create", "b");
        Assert.Equal(("create", 5L), Pair(await again.NextAsync()));
        Assert.True(await again.NothingWithinAsync(TimeSpan.FromMilliseconds(300)), "an event was delivered twice");

        static (string, long) Pair(EventDto e) => (e.Action, e.Sequence);
    }

    [Fact]
    public async Task Event_filter_by_container_name_and_action()
    {
        var web = await _host.RunAsync("web");
        var db = await _host.RunAsync("db");
        var connection = await _host.ConnectAsync();
        await using var events = Events(connection, 0, new EventFilterDto { Containers = ["web"], Actions = ["die", "oom"] });
        await _host.PublishAsync("oom", db.Id, ("name", "db"));
        await _host.PublishAsync("start", web.Id, ("name", "web"));
        await _host.PublishAsync("die", web.Id, ("name", "web"), ("exitCode", "137"));

        var e = await events.NextAsync();
        Assert.Equal(("die", web.Id), (e.Action, e.ActorId));
        Assert.True(await events.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task WatchContainers_sends_the_snapshot_then_coalesced_changes()
    {
        var web = await _host.RunAsync("web");
        var connection = await _host.ConnectAsync();
        await using var watch = StreamReader<ContainerChangesDto>.Open(ct => connection.StreamAsync<ContainerChangesDto>("WatchContainers", ct));

        var snapshot = await watch.NextAsync();
        Assert.NotNull(snapshot.Snapshot);
        Assert.Equal("web", Assert.Single(snapshot.Snapshot).Name);
        Assert.Empty(snapshot.Changes);

        // Two changes within the coalescing window travel together.
        await _host.Engine.UpdateLimitsAsync("web", new LimitsUpdate { Memory = "100m" }, default);
        await _host.Engine.UpdateLimitsAsync("web", new LimitsUpdate { PidsLimit = 50 }, default);
        var batch = await watch.NextAsync();
        Assert.Null(batch.Snapshot);
        Assert.Equal(2, batch.Changes.Length);
        Assert.All(batch.Changes, c => Assert.Equal(("updated", web.Id), (c.Kind, c.Container.Id)));
    }

    [Fact]
    public async Task AllStats_delivers_one_message_per_tick_with_every_container()
    {
        var web = await _host.RunAsync("web");
        var db = await _host.RunAsync("db");
        var connection = await _host.ConnectAsync();
        await using var stats = StreamReader<StatsTickDto>.Open(ct => connection.StreamAsync<StatsTickDto>("AllStats", ct));
        await WarmUpAsync(stats);

        var t1 = DateTimeOffset.UtcNow.AddSeconds(1);
        _host.Stats.PublishTick(new StatsTick(t1, [Samples.For(web.Id, t1), Samples.For(db.Id, t1, scale: 2)]));
        var t2 = t1.AddSeconds(1);
        _host.Stats.PublishTick(new StatsTick(t2, [Samples.For(web.Id, t2), Samples.For(db.Id, t2, scale: 3)]));

        var first = await stats.NextAsync();
        var second = await stats.NextAsync();
        Assert.Equal(t1, first.Time);
        Assert.Equal(t2, second.Time);
        Assert.Equal(["db", "web"], first.Samples.Select(s => s.Name).Order());
        var dbSample = second.Samples.Single(s => s.ContainerId == db.Id);
        Assert.Equal(37.5, dbSample.CpuPercent);
        Assert.Equal(40UL << 20, dbSample.MemoryWorkingSet);
        Assert.Equal(200UL << 20, dbSample.MemoryLimit);
        Assert.Equal((1000UL, 2000UL, 3UL), (dbSample.NetworkRxBytes, dbSample.NetworkTxBytes, dbSample.Pids));
        Assert.True(second.HostMemory > 0);
        Assert.True(await stats.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task AllStats_over_MessagePack()
    {
        var web = await _host.RunAsync("web");
        var connection = await _host.ConnectAsync(messagePack: true);
        await using var stats = StreamReader<StatsTickDto>.Open(ct => connection.StreamAsync<StatsTickDto>("AllStats", ct));
        await WarmUpAsync(stats);
        var t = DateTimeOffset.UtcNow.AddSeconds(5);
        _host.Stats.PublishTick(new StatsTick(t, [Samples.For(web.Id, t)]));
        var tick = await stats.NextAsync();
        Assert.Equal(t, tick.Time);
        var sample = Assert.Single(tick.Samples);
        Assert.Equal((web.Id, "web", 12.5), (sample.ContainerId, sample.Name, sample.CpuPercent));
    }

    [Fact]
    public async Task ContainerStats_sends_the_latest_sample_then_new_ones()
    {
        var web = await _host.RunAsync("web");
        var t0 = DateTimeOffset.UtcNow;
        _host.Stats.Publish(Samples.For(web.Id, t0.AddSeconds(-2)));
        _host.Stats.Publish(Samples.For(web.Id, t0.AddSeconds(-1), scale: 2));
        var connection = await _host.ConnectAsync();
        await using var stats = StreamReader<StatsSampleDto>.Open(ct => connection.StreamAsync<StatsSampleDto>("ContainerStats", "web", ct));

        var latest = await stats.NextAsync();
        Assert.Equal(25.0, latest.CpuPercent);
        _host.Stats.Publish(Samples.For(web.Id, t0, scale: 3));
        Assert.Equal(37.5, (await stats.NextAsync()).CpuPercent);
    }

    [Fact]
    public async Task ContainerStats_of_an_unknown_container_fails_with_a_readable_error()
    {
        var connection = await _host.ConnectAsync();
        await using var stats = StreamReader<StatsSampleDto>.Open(ct => connection.StreamAsync<StatsSampleDto>("ContainerStats", "nope", ct));
        var ex = await Assert.ThrowsAsync<HubException>(() => stats.NextAsync());
        Assert.Contains("nope", ex.Message);
    }

    /// <summary>The server subscribes when it runs the stream method; keep publishing a marker tick until one
    /// arrives, so later ticks are certain to reach the subscription.</summary>
    private async Task WarmUpAsync(StreamReader<StatsTickDto> stats)
    {
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _host.Stats.PublishTick(new StatsTick(DateTimeOffset.UnixEpoch, []));
                await Task.Delay(50);
            }
        });
        while ((await stats.NextAsync()).Time != DateTimeOffset.UnixEpoch) { }
        stop.Cancel();
        await publisher;
        // Drain marker ticks that were already in flight.
        while (!await stats.NothingWithinAsync(TimeSpan.FromMilliseconds(150))) { }
    }
}
