namespace Dashboard.Engine.ContainerFiles;

/// <summary>A path a copy names does not exist in the container (Docker's words); maps to 404.</summary>
public sealed class ContainerPathNotFoundException(string path, string container)
    : NotFoundException($"Could not find the file {path} in container {container}")
{
    public string ContainerPath { get; } = path;
}

/// <summary>A copy into a container whose target is read-only: its root file system (--read-only) or a read-only mount.
/// Docker's words; maps to 403, as the Engine API documents for PUT /containers/{id}/archive.</summary>
public sealed class ReadOnlyTargetException(bool volume)
    : EngineException(volume ? "mounted volume is marked read-only" : "container rootfs is marked read-only")
{
    public bool Volume { get; } = volume;
}
