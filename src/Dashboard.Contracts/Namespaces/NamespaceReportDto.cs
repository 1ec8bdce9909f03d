namespace Dashboard.Contracts.Namespaces;

/// <summary>
/// GET /api/containers/{ref}/namespaces (admin only): how a running container is isolated, read from the kernel.
/// <see cref="Namespaces"/> is keyed by type ("pid", "net", "mnt", "uts", "ipc", "user", "cgroup", "time"), in that
/// order, and holds only the types the kernel has.
/// </summary>
public sealed record NamespaceReportDto
{
    public required ContainerRefDto Container { get; init; }
    /// <summary>Host pid of the container's init (docker inspect's State.Pid).</summary>
    public required int HostPid { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    public required IReadOnlyDictionary<string, NamespaceIdentityDto> Namespaces { get; init; }
    /// <summary>PID 1 (the init) first, then by container pid.</summary>
    public required IReadOnlyList<NamespaceProcessDto> Processes { get; init; }
    public required UtsDto Uts { get; init; }
    public required NetworkDto Network { get; init; }
    public required MountsDto Mounts { get; init; }
    public required IpcDto Ipc { get; init; }
    public required UserDto User { get; init; }
    public required CgroupDto Cgroup { get; init; }
    /// <summary>Sections that could not be read, and why; everything else is valid.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record ContainerRefDto(string Id, string Name);

/// <param name="Inode">The namespace's id, as in "net:[4026532281]".</param>
/// <param name="Host">True when it is the host's own namespace (the same as PID 1 of the host).</param>
/// <param name="SharedWith">The other running containers in the same namespace.</param>
public sealed record NamespaceIdentityDto(ulong Inode, bool Host, IReadOnlyList<ContainerRefDto> SharedWith);

/// <summary>One process, from the host and from inside. With --pid host both pids are the same.</summary>
public sealed record NamespaceProcessDto
{
    public int HostPid { get; init; }
    public int ContainerPid { get; init; }
    public int HostParentPid { get; init; }
    /// <summary>0 when the parent is outside the container (as for PID 1).</summary>
    public int ContainerParentPid { get; init; }
    /// <summary>The pid in each nested pid namespace, outermost first (NSpid).</summary>
    public IReadOnlyList<int> NsPids { get; init; } = [];
    public bool Pid1 { get; init; }
    public int Uid { get; init; }
    public string User { get; init; } = "";
    public string Command { get; init; } = "";
    /// <summary>"S (sleeping)".</summary>
    public string State { get; init; } = "";
    public double CpuSeconds { get; init; }
    /// <summary>CPU time over lifetime in percent of one core, as ps shows %CPU.</summary>
    public double CpuPercent { get; init; }
    public long RssBytes { get; init; }
    /// <summary>When the process started (host clock), from its start time on the boot clock.</summary>
    public DateTimeOffset StartedAt { get; init; }
}
