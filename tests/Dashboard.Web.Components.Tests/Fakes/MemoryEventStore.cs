using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>An in-memory event store, so tests drive a real <see cref="EventHub"/>.</summary>
internal sealed class MemoryEventStore : IEventStore
{
    private readonly List<EngineEvent> _events = [];
    private long _sequence;

    public Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            var stored = engineEvent with { Sequence = ++_sequence };
            _events.Add(stored);
            return Task.FromResult(stored);
        }
    }

    /// <summary>Adds a past event directly (history), bypassing subscribers.</summary>
    public void Seed(DateTimeOffset time, string type, string action, string name, params (string Key, string Value)[] attributes)
    {
        var dict = attributes.ToDictionary(a => a.Key, a => a.Value);
        dict["name"] = name;
        AppendAsync(new EngineEvent(0, time, type, action, "id-" + name, dict), CancellationToken.None).Wait();
    }

    public Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            IReadOnlyList<EngineEvent> result = _events
                .Where(e => query.Since is null || e.Time >= query.Since)
                .Where(e => query.Until is null || e.Time <= query.Until)
                .Where(e => query.ActorId is null || e.ActorId == query.ActorId)
                .Where(e => query.Type is null || e.Type == query.Type)
                .Where(e => query.Actions is null || query.Actions.Contains(e.Action))
                .Where(e => query.AfterSequence is null || e.Sequence > query.AfterSequence)
                .Take(query.Limit)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public static EventHub NewHub(out MemoryEventStore store)
    {
        store = new MemoryEventStore();
        return new EventHub(store, Microsoft.Extensions.Logging.Abstractions.NullLogger<EventHub>.Instance);
    }
}
