namespace Dashboard.Contracts.Containers;

/// <summary>GET /api/containers/{ref}: the definition and the last known state.</summary>
public sealed record ContainerDetailDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    public required string Command { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required ContainerStateDto State { get; init; }
    public required ContainerConfigDto Config { get; init; }
    /// <summary>The networks it is on (its definition), with their addresses while it runs.</summary>
    public IReadOnlyList<Networks.ContainerNetworkDto> Networks { get; init; } = [];
    /// <summary>The published ports as bound at this run's start; empty when not running.</summary>
    public IReadOnlyList<Networks.PublishedPortDto> Ports { get; init; } = [];
}

public sealed record ContainerStateDto
{
    public required string Status { get; init; }
    public bool Running { get; init; }
    public int? Pid { get; init; }
    public int? ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int RestartCount { get; init; }
    public string? Error { get; init; }
}

public sealed record ContainerConfigDto
{
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Hostname { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public required LimitsDto Limits { get; init; }
    public required RestartPolicyDto RestartPolicy { get; init; }
    /// <summary>The first network's name (bridge by default), none, host or container:ID (the full id of the container
    /// whose namespace it joins).</summary>
    public required string NetworkMode { get; init; }
    /// <summary>-p as asked, in its syntax: "127.0.0.1:8080:80/tcp", "80/tcp" for a random host port.</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];
    /// <summary>"80/tcp": the image's EXPOSE, --expose and the published ports.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    /// <summary>-P.</summary>
    public bool PublishAll { get; init; }
    /// <summary>private, host or container:ID.</summary>
    public string PidMode { get; init; } = "private";
    /// <summary>private, host or container:ID.</summary>
    public string IpcMode { get; init; } = "private";
    /// <summary>private or host.</summary>
    public string UtsMode { get; init; } = "private";
    /// <summary>In the -v spelling: "/host:/container[:ro]".</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    public bool AutoRemove { get; init; }
    public int? StopTimeout { get; init; }
    public string? StopSignal { get; init; }
    public bool Privileged { get; init; }
    /// <summary>Normalised: CAP_NET_ADMIN or ALL.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public bool ReadOnly { get; init; }
    /// <summary>As given (a seccomp profile as its JSON).</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    /// <summary>"nofile=1024:2048"; -1 is unlimited.</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];
    /// <summary>"/run:size=64m".</summary>
    public IReadOnlyList<string> Tmpfs { get; init; } = [];
    /// <summary>In the --mount form.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];
    /// <summary>"/dev/zero:/dev/myzero:rwm".</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    /// <summary>The size of the container's own /dev/shm (64 MiB unless --shm-size).</summary>
    public long ShmSizeBytes { get; init; }
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    /// <summary>null when --init was not given (the default: no init).</summary>
    public bool? Init { get; init; }
    public int OomScoreAdj { get; init; }
    /// <summary>Created with -i: a stdin pipe for attach clients.</summary>
    public bool OpenStdin { get; init; }
    /// <summary>The first attach's end of input closes stdin.</summary>
    public bool StdinOnce { get; init; }
}

/// <summary>cgroup limits; null means not set.</summary>
public sealed record LimitsDto
{
    /// <summary>Decimal CPUs (docker --cpus), derived from the CFS quota and period.</summary>
    public decimal? Cpus { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public long? MemoryBytes { get; init; }
    /// <summary>Memory plus swap; -1 is unlimited.</summary>
    public long? MemorySwapBytes { get; init; }
    /// <summary>null is unlimited (asked with -1 or 0, or a container from before the default pids limit).</summary>
    public long? PidsLimit { get; init; }
    public string? CpusetMems { get; init; }
    public int? BlkioWeight { get; init; }
}

/// <summary>name: no, on-failure, always, unless-stopped.</summary>
public sealed record RestartPolicyDto(string Name, int MaximumRetryCount);
