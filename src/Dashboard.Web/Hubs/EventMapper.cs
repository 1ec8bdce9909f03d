using Dashboard.Contracts.Events;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;

namespace Dashboard.Web.Hubs;

/// <summary>Engine events to DTOs, and a client's filter to a store query plus an in-memory match.</summary>
public static class EventMapper
{
    public static EventDto ToDto(EngineEvent e) => new()
    {
        Sequence = e.Sequence,
        Time = e.Time,
        Type = e.Type,
        Action = e.Action,
        ActorId = e.ActorId,
        Attributes = new Dictionary<string, string>(e.Attributes),
    };
}

/// <summary>A filter compiled once: container references resolved to ids where they still exist (a removed
/// container is matched by its id prefix or the name attribute its events carry).</summary>
public sealed class EventMatcher
{
    private readonly EventFilterDto _filter;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly string[] _refs;

    public EventMatcher(EventFilterDto? filter, IContainerEngine engine)
    {
        _filter = filter ?? new EventFilterDto();
        _refs = (_filter.Containers ?? []).Where(r => !string.IsNullOrEmpty(r)).Select(r => r.TrimStart('/')).ToArray();
        foreach (var reference in _refs)
        {
            try { _ids.Add(engine.Get(reference).Id); }
            catch (ContainerNotFoundException) { }
        }
    }

    public DateTimeOffset? Until => _filter.Until;

    /// <summary>What the store can filter itself; the rest is checked by <see cref="Matches"/>.</summary>
    public EventQuery ToQuery(long? afterSequence) => new()
    {
        Since = _filter.Since,
        Until = _filter.Until,
        AfterSequence = afterSequence,
        Type = _filter.Types is [var single] ? single : null,
        Actions = _filter.Actions is { Length: > 0 } actions ? actions : null,
    };

    public bool Matches(EngineEvent e)
    {
        if (_filter.Since is { } since && e.Time < since) return false;
        if (_filter.Until is { } until && e.Time > until) return false;
        if (_filter.Types is { Length: > 0 } types && !types.Contains(e.Type, StringComparer.OrdinalIgnoreCase)) return false;
        if (_filter.Actions is { Length: > 0 } actions && !actions.Contains(e.Action, StringComparer.OrdinalIgnoreCase)) return false;
        if (_refs.Length == 0) return true;
        if (_ids.Contains(e.ActorId)) return true;
        e.Attributes.TryGetValue("name", out var name);
        return _refs.Any(r => r == name || (r.Length >= 4 && e.ActorId.StartsWith(r, StringComparison.Ordinal)));
    }
}
