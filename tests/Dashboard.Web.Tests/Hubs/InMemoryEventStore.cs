using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;

namespace Dashboard.Web.Tests.Hubs;

/// <summary>An event store in a list, with the SQLite store's query semantics (filters, after-sequence, limit).</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly List<EngineEvent> _events = [];

    public int QueryCount { get; private set; }

    public Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            var stored = engineEvent with { Sequence = _events.Count + 1 };
            _events.Add(stored);
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery q, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            QueryCount++;
            IReadOnlyList<EngineEvent> result = _events
                .Where(e => q.Since is null || e.Time >= q.Since)
                .Where(e => q.Until is null || e.Time <= q.Until)
                .Where(e => q.ActorId is null || e.ActorId == q.ActorId)
                .Where(e => q.Type is null || e.Type == q.Type)
                .Where(e => q.Actions is null || q.Actions.Contains(e.Action))
                .Where(e => q.AfterSequence is null || e.Sequence > q.AfterSequence)
                .Take(q.Limit)
                .ToList();
            return Task.FromResult(result);
        }
    }
}
