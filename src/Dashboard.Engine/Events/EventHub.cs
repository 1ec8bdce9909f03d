using System.Collections.Concurrent;
using System.Threading.Channels;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Events;

/// <summary>
/// The engine's one event stream. An event is persisted first (so it has its sequence number and survives a
/// crash), then offered to every subscriber's own bounded channel. The publisher never awaits a subscriber: a
/// subscriber that falls more than its capacity behind loses its oldest events and can replay them from the store.
/// </summary>
public sealed class EventHub(IEventStore store, ILogger<EventHub> logger)
{
    private readonly ConcurrentDictionary<Guid, Channel<EngineEvent>> _subscribers = new();
    private readonly SemaphoreSlim _order = new(1, 1);

    public async Task<EngineEvent> PublishAsync(
        string type, string action, string actorId, IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken)
    {
        var draft = new EngineEvent(0, DateTimeOffset.UtcNow, type, action, actorId, attributes);
        EngineEvent stored;
        // One publisher at a time keeps delivery order equal to sequence order.
        await _order.WaitAsync(CancellationToken.None);
        try
        {
            try
            {
                stored = await store.AppendAsync(draft, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Could not persist {Type} {Action} event for {Actor}", type, action, actorId);
                stored = draft;
            }
            foreach (var channel in _subscribers.Values) channel.Writer.TryWrite(stored);
        }
        finally
        {
            _order.Release();
        }
        return stored;
    }

    /// <summary>Live subscriptions (tests wait for a reader to subscribe instead of sleeping).</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <summary>Subscribes to events published from now on. Dispose the subscription to stop.</summary>
    public EventSubscription Subscribe(int capacity = 4096)
    {
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var id = Guid.NewGuid();
        _subscribers[id] = channel;
        return new EventSubscription(channel.Reader, () =>
        {
            if (_subscribers.TryRemove(id, out var removed)) removed.Writer.TryComplete();
        });
    }

    public Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken) =>
        store.QueryAsync(query, cancellationToken);
}

public sealed class EventSubscription(ChannelReader<EngineEvent> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<EngineEvent> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
