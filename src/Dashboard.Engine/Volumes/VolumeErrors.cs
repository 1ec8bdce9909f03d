namespace Dashboard.Engine.Volumes;

/// <summary>Docker's words: "get NAME: no such volume" (404).</summary>
public sealed class VolumeNotFoundException(string name)
    : NotFoundException($"get {name}: no such volume")
{
    public string Name { get; } = name;
}

/// <summary>rm of a volume that a container (running or not) mounts: 409, with Docker's text and the containers.</summary>
public sealed class VolumeInUseException(string name, IReadOnlyList<string> containerIds)
    : ConflictException($"remove {name}: volume is in use - [{string.Join(", ", containerIds)}]")
{
    public string Name { get; } = name;
    public IReadOnlyList<string> ContainerIds { get; } = containerIds;
}
