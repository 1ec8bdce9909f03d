using Dashboard.Engine.Events;

namespace Dashboard.Engine.Persistence;

/// <summary>Durable, append-only event log.</summary>
public interface IEventStore
{
    /// <summary>Persists the event (its Sequence is ignored) and returns it with the assigned sequence.</summary>
    Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken);

    /// <summary>Events matching the query, oldest first.</summary>
    Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken);
}
