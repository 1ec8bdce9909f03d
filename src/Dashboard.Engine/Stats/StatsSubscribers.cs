using System.Threading.Channels;

namespace Dashboard.Engine.Stats;

/// <summary>
/// The sampler's subscribers: per-container and all-container channels, bounded and dropping the oldest item, so
/// publishing never waits. Copy-on-write arrays keep publishing lock-free.
/// </summary>
internal sealed class StatsSubscribers
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Channel<ContainerStats>[]> _byContainer = new(StringComparer.Ordinal);
    private Channel<StatsTick>[] _all = [];
    private bool _closed;

    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity)
    {
        var channel = NewChannel<ContainerStats>(capacity);
        lock (_gate)
        {
            if (_closed) channel.Writer.TryComplete();
            else _byContainer[containerId] = [.. _byContainer.GetValueOrDefault(containerId) ?? [], channel];
        }
        return new StatsSubscription<ContainerStats>(channel.Reader, () =>
        {
            lock (_gate)
            {
                if (_byContainer.TryGetValue(containerId, out var list))
                {
                    var rest = list.Where(c => c != channel).ToArray();
                    if (rest.Length == 0) _byContainer.Remove(containerId); else _byContainer[containerId] = rest;
                }
            }
            channel.Writer.TryComplete();
        });
    }

    public StatsSubscription<StatsTick> SubscribeAll(int capacity)
    {
        var channel = NewChannel<StatsTick>(capacity);
        lock (_gate)
        {
            if (_closed) channel.Writer.TryComplete();
            else _all = [.. _all, channel];
        }
        return new StatsSubscription<StatsTick>(channel.Reader, () =>
        {
            lock (_gate) _all = _all.Where(c => c != channel).ToArray();
            channel.Writer.TryComplete();
        });
    }

    public void Publish(StatsTick tick)
    {
        foreach (var channel in Volatile.Read(ref _all)) channel.Writer.TryWrite(tick);
        lock (_gate)
        {
            // TryWrite on a drop-oldest channel never waits, so writing under the lock is cheap.
            if (_byContainer.Count == 0) return;
            foreach (var sample in tick.Samples)
            {
                if (!_byContainer.TryGetValue(sample.ContainerId, out var list)) continue;
                foreach (var channel in list) channel.Writer.TryWrite(sample);
            }
        }
    }

    /// <summary>Completes every subscription (sampler disposed).</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var channel in _all) channel.Writer.TryComplete();
            foreach (var list in _byContainer.Values)
                foreach (var channel in list) channel.Writer.TryComplete();
            _all = [];
            _byContainer.Clear();
        }
    }

    private static Channel<T> NewChannel<T>(int capacity) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
}
