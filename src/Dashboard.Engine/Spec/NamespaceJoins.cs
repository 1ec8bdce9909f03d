namespace Dashboard.Engine.Spec;

/// <summary>
/// What the engine found at start for a container's shared namespaces, so that <see cref="OciSpecGenerator"/> stays a
/// pure function: the host pids of the containers whose namespaces it joins (runc enters /proc/PID/ns/TYPE), the
/// hostname it takes from its network target, and the host directory bound at /dev/shm.
/// </summary>
public sealed record NamespaceJoins
{
    public static readonly NamespaceJoins None = new();

    /// <summary>Host pid of the --network container:X target's init; required for a network container mode.</summary>
    public int? NetworkTargetPid { get; init; }
    /// <summary>The network namespace the engine made and netavark configured (bound under RunRoot/netns), for a
    /// container on the engine's networks; null for none (runc makes an empty one), host or container:X.</summary>
    public string? NetworkNamespacePath { get; init; }
    public int? PidTargetPid { get; init; }
    public int? IpcTargetPid { get; init; }

    /// <summary>The network target's hostname: as in Docker, a container on another's network has its name.</summary>
    public string? NetworkTargetHostname { get; init; }

    /// <summary>
    /// The host directory mounted at /dev/shm: the container's own tmpfs that the engine mounted on the host (so that
    /// --ipc container:ID can share it), its IPC target's, or the host's /dev/shm for --ipc host. Null keeps the
    /// runtime's private tmpfs inside the container.
    /// </summary>
    public string? ShmSource { get; init; }
}
