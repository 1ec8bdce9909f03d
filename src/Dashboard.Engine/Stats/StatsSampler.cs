using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Stats;

/// <summary>
/// Samples every running container's cgroup (v1, hybrid or v2) and network namespace at a fixed interval on its own
/// task. It follows the engine's container watch to open a container's files when it starts and close them when it
/// stops, keeps a full-resolution ring buffer and the current minute's rollup per container in memory, hands
/// finished minutes to the rollup store off the tick path, and fans each tick out to subscribers without waiting.
/// </summary>
public sealed partial class StatsSampler : IStatsService, IAsyncDisposable
{
    private readonly CgroupLayout _layout;
    private readonly string _cgroupParent;
    private readonly Func<ContainerWatch> _watchFactory;
    private readonly StatsSamplerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HostCpuReader _host;
    private readonly StatsSubscribers _subscribers = new();
    private readonly RollupWriter _rollups;
    private readonly object _gate = new();
    private readonly Dictionary<string, TrackedContainer> _tracked = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ContainerWatch? _watch;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    /// <param name="layout">The host's cgroup layout (or a fixture's).</param>
    /// <param name="cgroupParent">Engine:CgroupParent; containers' cgroups are "/PARENT/ID".</param>
    /// <param name="watch">The engine's container watch (<see cref="IContainerEngine.Watch"/>).</param>
    /// <param name="store">Durable per-minute history; null keeps only the in-memory minute.</param>
    public StatsSampler(CgroupLayout layout, string cgroupParent, Func<ContainerWatch> watch, IStatsRollupStore? store,
        StatsSamplerOptions options, ILogger<StatsSampler> logger, TimeProvider? time = null)
    {
        _layout = layout;
        _cgroupParent = cgroupParent.Trim('/');
        _watchFactory = watch;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _host = new HostCpuReader(options.ProcRoot);
        _rollups = new RollupWriter(store, options, _time, logger);
    }

    public TimeSpan Interval => _options.Interval;

    /// <summary>Takes the container snapshot and starts the tick loop and the rollup writer.</summary>
    public void Start() => Start(runTimer: true);

    /// <summary>Tests drive <see cref="Tick"/> themselves and start without the timer.</summary>
    internal void Start(bool runTimer)
    {
        lock (_gate) Rewatch();
        _rollups.Start();
        if (runTimer) _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    private async Task RunAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try { Tick(); }
                catch (Exception ex) { _logger.LogError(ex, "A stats tick failed"); }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }

    /// <summary>One sampling pass over every running container; publishes one <see cref="StatsTick"/>.</summary>
    internal StatsTick Tick()
    {
        var now = _time.GetUtcNow();
        var samples = new List<ContainerStats>();
        List<StatsRollup>? finished = null;
        lock (_gate)
        {
            ApplyChanges(now);
            var (system, cpus) = _host.Read();
            List<string>? evict = null;
            foreach (var tracked in _tracked.Values)
            {
                if (tracked.Reader is { } reader)
                {
                    var sample = reader.Read(now, system, cpus, tracked.Previous);
                    var minute = MinuteRollup.MinuteOf(now);
                    if (tracked.Rollup is { } open && open.Minute != minute)
                    {
                        (finished ??= []).Add(open.ToRollup());
                        tracked.Rollup = null;
                    }
                    tracked.Rollup ??= new MinuteRollup(tracked.Id, minute);
                    tracked.Rollup.Add(sample, tracked.Previous);
                    tracked.Ring.Add(sample);
                    tracked.Previous = sample;
                    samples.Add(sample);
                }
                else if (tracked.Rollup is { } stale && stale.Minute < MinuteRollup.MinuteOf(now))
                {
                    // A stopped container's last minute is complete once the clock leaves it.
                    (finished ??= []).Add(stale.ToRollup());
                    tracked.Rollup = null;
                }
                if (tracked.RemovedAt is { } removed && now - removed > TimeSpan.FromMinutes(_options.RingMinutes))
                    (evict ??= []).Add(tracked.Id);
            }
            if (evict is not null)
                foreach (var id in evict) _tracked.Remove(id);
        }
        if (finished is not null) _rollups.Enqueue(finished);
        var tick = new StatsTick(now, samples);
        _subscribers.Publish(tick);
        return tick;
    }

    public ContainerStats? Latest(string containerId) => LatestPair(containerId).Latest;

    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId)
    {
        TrackedContainer? tracked;
        lock (_gate) _tracked.TryGetValue(containerId, out tracked);
        return tracked?.Ring.LatestPair() ?? (null, null);
    }

    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to)
    {
        TrackedContainer? tracked;
        lock (_gate) _tracked.TryGetValue(containerId, out tracked);
        return tracked?.Ring.Range(from, to) ?? [];
    }

    public async Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        StatsRollup? current = null;
        lock (_gate)
        {
            if (_tracked.TryGetValue(containerId, out var tracked) && tracked.Rollup is { } open) current = open.ToRollup();
        }
        var merged = await _rollups.QueryAsync(containerId, from, to, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Minute >= from && current.Minute <= to) merged[current.Minute] = current;
        return merged.Values.OrderBy(r => r.Minute).ToList();
    }

    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64) => _subscribers.Subscribe(containerId, capacity);

    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16) => _subscribers.SubscribeAll(capacity);

    public ContainerStats? SampleNow(string containerId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            ApplyChanges(now);
            if (!_tracked.TryGetValue(containerId, out var tracked) || tracked.Reader is null) return null;
            var (system, cpus) = _host.Read();
            // Not stored: a one-shot read must not shorten the next tick's rate interval.
            return tracked.Reader.Read(now, system, cpus, tracked.Previous);
        }
    }

    /// <summary>Number of open stats files of a container (0 when stopped or unknown); for tests and diagnostics.</summary>
    internal int OpenFiles(string containerId)
    {
        lock (_gate) return _tracked.TryGetValue(containerId, out var t) ? t.Reader?.OpenFiles ?? 0 : 0;
    }

    /// <summary>Stops the loop (awaited), ends every subscription, closes every file and writes unfinished minutes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        _subscribers.CloseAll();
        var unfinished = new List<StatsRollup>();
        lock (_gate)
        {
            foreach (var tracked in _tracked.Values)
            {
                tracked.Close();
                if (tracked.Rollup is { } open) unfinished.Add(open.ToRollup());
            }
            _tracked.Clear();
            _watch?.Dispose();
            _watch = null;
        }
        if (unfinished.Count > 0) _rollups.Enqueue(unfinished);
        await _rollups.DisposeAsync().ConfigureAwait(false);
        _host.Dispose();
        _stopping.Dispose();
    }
}
