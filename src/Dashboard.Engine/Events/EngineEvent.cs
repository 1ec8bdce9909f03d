namespace Dashboard.Engine.Events;

/// <summary>
/// One engine event, shaped like Docker's events message: a type (<see cref="EventTypes"/>), an action
/// (<see cref="EventActions"/>) and attributes (<see cref="EventAttributeKeys"/>: name, image, exitCode, signal, oomKilled,
/// and for an OOM kill the limit and usage at that moment). Sequence is assigned by the persisted store and strictly
/// increases.
/// </summary>
public sealed record EngineEvent(
    long Sequence,
    DateTimeOffset Time,
    string Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The attribute's value, or null.</summary>
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    /// <summary>A container's oom, or its die of an OOM kill: what the dashboard alerts on.</summary>
    public bool IsOomKill =>
        Type == EventTypes.Container
        && (Action == EventActions.Oom || (Action == EventActions.Die && Attribute(EventAttributeKeys.OomKilled) == "true"));

    /// <summary>A die with an exit code other than 0.</summary>
    public bool IsFailedExit =>
        Action == EventActions.Die && Attribute(EventAttributeKeys.ExitCode) is { } code && code != "0";
}

/// <summary>A query over persisted events. Null fields do not filter.</summary>
public sealed record EventQuery
{
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? ActorId { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string>? Actions { get; init; }
    public long? AfterSequence { get; init; }
    public int Limit { get; init; } = 10_000;
}
