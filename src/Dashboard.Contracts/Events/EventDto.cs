namespace Dashboard.Contracts.Events;

/// <summary>One engine event (Docker's events message): type container or image, action create, start, die,
/// oom, ... Sequence strictly increases, so a client that remembers the last one can resume after it.</summary>
public sealed record EventDto
{
    public long Sequence { get; init; }
    public DateTimeOffset Time { get; init; }
    public string Type { get; init; } = "";
    public string Action { get; init; } = "";
    public string ActorId { get; init; } = "";
    public Dictionary<string, string> Attributes { get; init; } = [];
}

/// <summary>Which events a client wants; null or empty fields do not filter. Container matches an id, id prefix
/// or name.</summary>
public sealed record EventFilterDto
{
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string[]? Containers { get; init; }
    public string[]? Types { get; init; }
    public string[]? Actions { get; init; }
}
