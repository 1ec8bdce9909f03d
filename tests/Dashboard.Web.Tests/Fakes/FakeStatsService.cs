using System.Collections.Concurrent;
using System.Threading.Channels;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// An in-memory stats service for API and hub tests: tests push samples with <see cref="Publish"/> and ticks with
/// <see cref="PublishTick"/>; subscribers get them through the same bounded, drop-oldest channels as the real one.
/// </summary>
public sealed class FakeStatsService : IStatsService
{
    private readonly ConcurrentDictionary<string, List<ContainerStats>> _samples = new();
    private readonly ConcurrentDictionary<Guid, (string? Id, Channel<ContainerStats> Channel)> _perContainer = new();
    private readonly ConcurrentDictionary<Guid, Channel<StatsTick>> _all = new();

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    public List<StatsRollup> Rollups { get; } = [];

    /// <summary>Open subscriptions, per container and to every tick (tests wait for a reader instead of sleeping).</summary>
    public int Subscribers => _perContainer.Count + _all.Count;

    public void Publish(ContainerStats sample)
    {
        var list = _samples.GetOrAdd(sample.ContainerId, _ => []);
        lock (list) list.Add(sample);
        foreach (var (id, channel) in _perContainer.Values)
            if (id == sample.ContainerId) channel.Writer.TryWrite(sample);
    }

    public void PublishTick(StatsTick tick)
    {
        foreach (var sample in tick.Samples) Publish(sample);
        foreach (var channel in _all.Values) channel.Writer.TryWrite(tick);
    }

    public ContainerStats? Latest(string containerId) => LatestPair(containerId).Latest;

    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId)
    {
        if (!_samples.TryGetValue(containerId, out var list)) return (null, null);
        lock (list) return (list.LastOrDefault(), list.Count > 1 ? list[^2] : null);
    }

    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_samples.TryGetValue(containerId, out var list)) return [];
        lock (list) return list.Where(s => s.Time >= from && s.Time <= to).ToList();
    }

    public Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsRollup>>(Rollups.Where(r => r.ContainerId == containerId && r.Minute >= from && r.Minute <= to).ToList());

    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64)
    {
        var channel = Channel.CreateBounded<ContainerStats>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        var key = Guid.NewGuid();
        _perContainer[key] = (containerId, channel);
        return new StatsSubscription<ContainerStats>(channel.Reader, () =>
        {
            _perContainer.TryRemove(key, out _);
            channel.Writer.TryComplete();
        });
    }

    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16)
    {
        var channel = Channel.CreateBounded<StatsTick>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        var key = Guid.NewGuid();
        _all[key] = channel;
        return new StatsSubscription<StatsTick>(channel.Reader, () =>
        {
            _all.TryRemove(key, out _);
            channel.Writer.TryComplete();
        });
    }

    public ContainerStats? SampleNow(string containerId) => Latest(containerId);
}
