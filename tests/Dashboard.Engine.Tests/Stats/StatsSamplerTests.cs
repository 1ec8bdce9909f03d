using Dashboard.Engine.Containers;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Stats;

public sealed class StatsSamplerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 10, TimeSpan.Zero);
    private readonly StatsFixture _fx = new();
    private readonly ContainerChangeFeed _feed = new();
    private readonly List<ContainerRecord> _snapshot = [];
    private readonly ManualTime _time = new(T0);
    private readonly MemoryRollupStore _store = new();
    private readonly StatsSampler _sampler;

    public StatsSamplerTests()
    {
        _sampler = new StatsSampler(_fx.V1, "dashboard", () => _feed.Watch(() => _snapshot, 64), _store,
            new StatsSamplerOptions { Interval = TimeSpan.FromSeconds(1), RingMinutes = 1, ProcRoot = _fx.ProcRoot },
            NullLogger<StatsSampler>.Instance, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _sampler.DisposeAsync();
        _fx.Dispose();
    }

    private static ContainerRecord Record(string id, ContainerStatus status, int? pid = StatsFixture.Pid) => new()
    {
        Id = id,
        Name = "n" + id[..4],
        ImageId = "sha256:" + new string('0', 64),
        Config = new ContainerConfig { Image = "busybox" },
        Created = T0,
        State = new ContainerState { Status = status, Pid = pid },
    };

    private StatsTick Step()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return _sampler.Tick();
    }

    [Fact]
    public void Running_containers_in_the_snapshot_are_sampled_once_per_tick_in_one_message()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _snapshot.Add(Record(StatsFixture.UnlimitedId, ContainerStatus.Running, pid: 77));
        _snapshot.Add(Record(new string('e', 64), ContainerStatus.Exited, pid: null));
        _sampler.Start(runTimer: false);
        using var all = _sampler.SubscribeAll();
        using var one = _sampler.Subscribe(StatsFixture.Id);

        var tick = Step();

        Assert.Equal(2, tick.Samples.Count);
        Assert.True(all.Reader.TryRead(out var received));
        Assert.Same(tick, received);
        Assert.False(all.Reader.TryRead(out _)); // one message per tick, not per container
        Assert.True(one.Reader.TryRead(out var mine));
        Assert.Equal(StatsFixture.Id, mine.ContainerId);
        Assert.False(one.Reader.TryRead(out _));
    }

    [Fact]
    public void Latest_pair_gives_the_previous_sample_for_precpu_stats()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);
        Assert.Equal((null, null), _sampler.LatestPair(StatsFixture.Id));

        Step();
        _fx.Write($"v1/cpu,cpuacct/dashboard/{StatsFixture.Id}/cpuacct.usage", "2750000000\n");
        Step();

        var (latest, previous) = _sampler.LatestPair(StatsFixture.Id);
        Assert.Equal(T0.AddSeconds(2), latest!.Time);
        Assert.Equal(T0.AddSeconds(1), previous!.Time);
        Assert.Equal(250_000_000UL, latest.Cpu.UsageNanos - previous.Cpu.UsageNanos);
        Assert.Equal(25, latest.Cpu.Percent, 6); // host counter did not move in the fixture: wall clock, 0.25 s in 1 s
        Assert.Same(latest, _sampler.Latest(StatsFixture.Id));
        Assert.Equal(2, _sampler.Recent(StatsFixture.Id, T0, T0.AddMinutes(1)).Count);
    }

    [Fact]
    public void Handles_open_on_start_close_on_stop_and_history_outlives_the_container_until_removed_and_aged_out()
    {
        _sampler.Start(runTimer: false);
        Assert.Equal(0, _sampler.OpenFiles(StatsFixture.Id));

        _feed.Publish(ContainerChangeKind.Added, Record(StatsFixture.Id, ContainerStatus.Running));
        Assert.Single(Step().Samples);
        Assert.True(_sampler.OpenFiles(StatsFixture.Id) > 10);

        _feed.Publish(ContainerChangeKind.Updated, Record(StatsFixture.Id, ContainerStatus.Exited, pid: null));
        Assert.Empty(Step().Samples);
        Assert.Equal(0, _sampler.OpenFiles(StatsFixture.Id));
        Assert.NotNull(_sampler.Latest(StatsFixture.Id)); // exited containers keep their history

        _feed.Publish(ContainerChangeKind.Removed, Record(StatsFixture.Id, ContainerStatus.Exited, pid: null));
        Step();
        Assert.NotNull(_sampler.Latest(StatsFixture.Id)); // still within the ring window
        _time.Advance(TimeSpan.FromMinutes(2));
        Step();
        Assert.Null(_sampler.Latest(StatsFixture.Id));
    }

    [Fact]
    public void A_restart_with_a_new_pid_reopens_and_starts_rates_afresh()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);
        Step();
        _fx.Write($"v1/cpu,cpuacct/dashboard/{StatsFixture.Id}/cpuacct.usage", "5\n"); // new cgroup: counters restart
        _feed.Publish(ContainerChangeKind.Updated, Record(StatsFixture.Id, ContainerStatus.Running, pid: 4243));

        var sample = Assert.Single(Step().Samples);
        Assert.Equal(0, sample.Cpu.Percent);
        Assert.Empty(sample.Networks); // /proc/4243 does not exist in the fixture
    }

    [Fact]
    public void A_slow_subscriber_loses_the_oldest_ticks_and_never_blocks_sampling()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);
        using var all = _sampler.SubscribeAll(capacity: 2);
        for (var i = 0; i < 5; i++) Step();

        Assert.True(all.Reader.TryRead(out var a));
        Assert.True(all.Reader.TryRead(out var b));
        Assert.False(all.Reader.TryRead(out _));
        Assert.Equal([T0.AddSeconds(4), T0.AddSeconds(5)], new[] { a.Time, b.Time });
    }

    [Fact]
    public async Task Disposing_a_subscription_ends_it_and_disposing_the_sampler_ends_the_rest()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);
        var gone = _sampler.Subscribe(StatsFixture.Id);
        var stays = _sampler.SubscribeAll();
        gone.Dispose();
        Step();

        Assert.False(gone.Reader.TryRead(out _));
        await gone.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(stays.Reader.Completion.IsCompleted);

        await _sampler.DisposeAsync();
        Assert.Equal(0, _sampler.OpenFiles(StatsFixture.Id));
        Assert.True(stays.Reader.TryRead(out _));
        await stays.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Sample_now_reads_one_container_outside_the_tick_without_storing_it()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);

        var sample = _sampler.SampleNow(StatsFixture.Id);

        Assert.Equal(2_500_000_000UL, sample!.Cpu.UsageNanos);
        Assert.Null(_sampler.Latest(StatsFixture.Id));
        Assert.Null(_sampler.SampleNow(new string('f', 64)));
    }

    [Fact]
    public async Task Finished_minutes_reach_the_store_and_rollups_merge_them_with_the_current_minute()
    {
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running));
        _sampler.Start(runTimer: false);
        var minute0 = new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);
        Step();
        Step();
        _time.Now = minute0.AddMinutes(1).AddSeconds(5);
        _sampler.Tick(); // completes minute 0

        var saved = await _store.WaitForAsync(1);
        Assert.Equal(minute0, saved[0].Minute);
        Assert.Equal(2, saved[0].Samples);
        Assert.Equal(33_554_432UL, saved[0].MemoryLimit);
        Assert.Equal(0.25, saved[0].CpuLimit);

        var rollups = await _sampler.RollupsAsync(StatsFixture.Id, minute0, minute0.AddMinutes(5), CancellationToken.None);
        Assert.Equal([minute0, minute0.AddMinutes(1)], rollups.Select(r => r.Minute));
        Assert.Equal(1, rollups[1].Samples); // the unfinished minute, from memory

        await _sampler.DisposeAsync(); // writes the unfinished minute too
        Assert.Equal(2, _store.Saved.Count);
    }

    [Fact]
    public async Task Old_rollups_are_pruned_to_the_retention()
    {
        _sampler.Start(runTimer: false);
        await _sampler.DisposeAsync();
        Assert.Equal(T0 - TimeSpan.FromDays(7), Assert.Single(_store.PrunedBefore));
    }

    [Fact]
    public void An_overflowed_container_watch_is_replaced_by_a_fresh_snapshot()
    {
        _sampler.Start(runTimer: false);
        _feed.Publish(ContainerChangeKind.Added, Record(StatsFixture.UnlimitedId, ContainerStatus.Running, pid: 77));
        Assert.Single(Step().Samples);
        // More changes than the watch holds (64): the feed completes it with an overflow error.
        for (var i = 0; i < 100; i++) _feed.Publish(ContainerChangeKind.Updated, Record(new string('d', 64), ContainerStatus.Exited, pid: null));
        _snapshot.Add(Record(StatsFixture.Id, ContainerStatus.Running)); // the engine's state now: UnlimitedId is gone

        Step(); // drains, notices the end, re-watches and reconciles
        var tick = Step();

        Assert.Equal([StatsFixture.Id], tick.Samples.Select(s => s.ContainerId));
        Assert.Equal(0, _sampler.OpenFiles(StatsFixture.UnlimitedId));
        _feed.Publish(ContainerChangeKind.Updated, Record(StatsFixture.Id, ContainerStatus.Exited, pid: null));
        Assert.Empty(Step().Samples); // the new watch delivers changes
    }

    /// <summary>An in-memory rollup store that lets a test wait for saves.</summary>
    private sealed class MemoryRollupStore : IStatsRollupStore
    {
        private readonly object _gate = new();
        public List<StatsRollup> Saved { get; } = [];
        public List<DateTimeOffset> PrunedBefore { get; } = [];

        public Task SaveAsync(IReadOnlyList<StatsRollup> rollups, CancellationToken cancellationToken)
        {
            lock (_gate)
                foreach (var r in rollups)
                {
                    Saved.RemoveAll(s => s.ContainerId == r.ContainerId && s.Minute == r.Minute);
                    Saved.Add(r);
                }
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<StatsRollup>> QueryAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<StatsRollup>>(
                    Saved.Where(r => r.ContainerId == containerId && r.Minute >= from && r.Minute <= to).OrderBy(r => r.Minute).ToList());
        }

        public Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
        {
            lock (_gate) PrunedBefore.Add(olderThan);
            return Task.FromResult(0);
        }

        public async Task<List<StatsRollup>> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline)
            {
                lock (_gate)
                    if (Saved.Count >= count) return [.. Saved];
                await Task.Delay(10);
            }
            throw new TimeoutException($"expected {count} saved rollups");
        }
    }
}
