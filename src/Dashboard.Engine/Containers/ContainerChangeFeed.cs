using System.Threading.Channels;

namespace Dashboard.Engine.Containers;

public enum ContainerChangeKind { Added, Updated, Removed }

public sealed record ContainerChange(ContainerChangeKind Kind, ContainerRecord Container);

/// <summary>
/// A consistent snapshot of every container plus the changes that follow it, in order. The channel is bounded:
/// a subscriber that falls too far behind gets its channel completed with <see cref="ContainerWatchOverflowException"/>
/// and must watch again (taking a fresh snapshot) rather than silently miss a change.
/// </summary>
public sealed class ContainerWatch(IReadOnlyList<ContainerRecord> snapshot, ChannelReader<ContainerChange> changes, Action unsubscribe) : IDisposable
{
    public IReadOnlyList<ContainerRecord> Snapshot { get; } = snapshot;
    public ChannelReader<ContainerChange> Changes { get; } = changes;

    public void Dispose() => unsubscribe();
}

public sealed class ContainerWatchOverflowException() : Exception("the container watch fell behind; watch again for a fresh snapshot");

/// <summary>Fans container changes out to watchers. Publishing never waits for a watcher.</summary>
public sealed class ContainerChangeFeed
{
    private readonly object _gate = new();
    private readonly List<Channel<ContainerChange>> _watchers = [];

    public void Publish(ContainerChangeKind kind, ContainerRecord record)
    {
        lock (_gate)
        {
            if (_watchers.Count == 0) return;
            var change = new ContainerChange(kind, record);
            foreach (var channel in _watchers)
                if (!channel.Writer.TryWrite(change)) channel.Writer.TryComplete(new ContainerWatchOverflowException());
        }
    }

    /// <summary>The snapshot is taken under the same lock as publishing, so no change falls between the two.</summary>
    public ContainerWatch Watch(Func<IReadOnlyList<ContainerRecord>> snapshot, int capacity)
    {
        var channel = Channel.CreateBounded<ContainerChange>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping
            SingleReader = true,
        });
        lock (_gate)
        {
            _watchers.Add(channel);
            return new ContainerWatch(snapshot(), channel.Reader, () =>
            {
                lock (_gate) _watchers.Remove(channel);
                channel.Writer.TryComplete();
            });
        }
    }
}
