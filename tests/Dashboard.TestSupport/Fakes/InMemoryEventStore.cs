using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.TestSupport.Fakes;

/// <summary>An event store in a list with the SQLite store's query semantics, so tests can drive the real
/// <see cref="EventHub"/>, seed past events and count queries.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Lock _lock = new();
    private readonly List<EngineEvent> _events = [];

    /// <summary>How many times QueryAsync ran (replay tests check a gap is refilled from the store).</summary>
    public int QueryCount { get; private set; }

    /// <summary>Everything stored so far, oldest first.</summary>
    public IReadOnlyList<EngineEvent> Events { get { lock (_lock) return _events.ToList(); } }

    /// <summary>A real hub over a new store.</summary>
    public static EventHub NewHub(out InMemoryEventStore store)
    {
        store = new InMemoryEventStore();
        return new EventHub(store, NullLogger<EventHub>.Instance);
    }

    /// <summary>Runs before each append lands: a test makes the store slow for some events, or holds one here.</summary>
    public Func<EngineEvent, Task>? BeforeAppend { get; set; }

    public async Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        if (BeforeAppend is { } hook) await hook(engineEvent);
        lock (_lock)
        {
            var stored = engineEvent with { Sequence = _events.Count + 1 };
            _events.Add(stored);
            return stored;
        }
    }

    /// <summary>Stores an event with a given time (in the past), as if it had been published then; subscribers do not see it.</summary>
    public EngineEvent Seed(DateTimeOffset time, string type, string action, string actorId, IReadOnlyDictionary<string, string> attributes)
    {
        lock (_lock)
        {
            var stored = new EngineEvent(_events.Count + 1, time, type, action, actorId, attributes);
            _events.Add(stored);
            return stored;
        }
    }

    /// <summary>As above, for a container named <paramref name="name"/> (actor "id-NAME", attribute name=NAME).</summary>
    public EngineEvent Seed(DateTimeOffset time, string type, string action, string name, params (string Key, string Value)[] attributes)
    {
        var dict = attributes.ToDictionary(a => a.Key, a => a.Value);
        dict["name"] = name;
        return Seed(time, type, action, "id-" + name, dict);
    }

    public Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            QueryCount++;
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
}
