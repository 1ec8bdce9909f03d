namespace Dashboard.Engine.Events;

/// <summary>
/// One engine event, shaped like Docker's events message: Type "container" or "image", Action "create", "start",
/// "die", "oom", "kill", "stop", "pause", "unpause", "destroy", "restart", "import", "load", "delete", ...
/// Attributes carry name, image, exitCode, signal, oomKilled, and for oom the limit and usage at that moment.
/// Sequence is assigned by the persisted store and strictly increases.
/// </summary>
public sealed record EngineEvent(
    long Sequence,
    DateTimeOffset Time,
    string Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes);

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
