namespace Dashboard.Engine.Inspection;

/// <summary>One running container's isolation, as the kernel sees it at <see cref="CollectedAt"/>.</summary>
public sealed record NamespaceReport
{
    public required ContainerRef Container { get; init; }
    /// <summary>The host pid of the container's init (what docker inspect calls State.Pid).</summary>
    public required int HostPid { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    /// <summary>One entry per type in <see cref="NamespaceType.All"/> that the kernel has (time needs 5.6+).</summary>
    public required IReadOnlyList<NamespaceIdentity> Namespaces { get; init; }
    /// <summary>Every process in the container's cgroup, PID 1 first then by container pid.</summary>
    public required IReadOnlyList<NamespaceProcess> Processes { get; init; }
    public required UtsView Uts { get; init; }
    public required NetworkView Network { get; init; }
    public required MountView Mounts { get; init; }
    public required IpcView Ipc { get; init; }
    public required UserView User { get; init; }
    public required CgroupView Cgroup { get; init; }
    /// <summary>Sections that could not be read and why (e.g. a process that exited mid-read); the rest is valid.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A container as other views name it.</summary>
public sealed record ContainerRef(string Id, string Name);

/// <summary>One namespace of a container: its inode (the id in "net:[4026532281]"), whether it is the host's own
/// (the same inode as PID 1 of the host), and the other running containers in the same namespace.</summary>
public sealed record NamespaceIdentity(string Type, ulong Inode, bool IsHost, IReadOnlyList<ContainerRef> SharedWith);
