namespace Dashboard.Engine.Spec;

/// <summary>A validated create request: every quantity parsed, every rule checked. This is what is persisted.</summary>
public sealed record ContainerConfig
{
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public ResourceLimits Resources { get; init; } = new();
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.No;
    /// <summary>--network: private is an own namespace: with <see cref="Networks"/> empty Docker's "none" (loopback
    /// only), otherwise on the engine's networks.</summary>
    public NamespaceMode NetworkMode { get; init; } = NamespaceMode.Private;
    /// <summary>--pid: private, host or container:ID.</summary>
    public NamespaceMode PidMode { get; init; } = NamespaceMode.Private;
    /// <summary>--ipc: private (Docker's private and shareable: any container's IPC can be joined), host or container:ID.</summary>
    public NamespaceMode IpcMode { get; init; } = NamespaceMode.Private;
    /// <summary>--uts: private or host.</summary>
    public NamespaceMode UtsMode { get; init; } = NamespaceMode.Private;
    public IReadOnlyList<BindMount> Binds { get; init; } = [];
    public bool AutoRemove { get; init; }
    /// <summary>Seconds between the stop signal and SIGKILL; null means the engine default (10 s).</summary>
    public int? StopTimeout { get; init; }
    /// <summary>Signal name like "SIGTERM"; null means SIGTERM.</summary>
    public string? StopSignal { get; init; }

    // Members added after the first release take defaults, so rows stored before them load as what they were.

    /// <summary>Privileged mode, capabilities, read-only root, seccomp, AppArmor, no_new_privs.</summary>
    public ContainerSecurity Security { get; init; } = new();
    /// <summary>The engine's networks the container joins (private network mode only); empty: none. The first is
    /// Docker's NetworkMode.</summary>
    public IReadOnlyList<NetworkAttachment> Networks { get; init; } = [];
    /// <summary>-p: host ports forwarded to the container (needs <see cref="Networks"/>).</summary>
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];
    /// <summary>Docker's Config.ExposedPorts ("80/tcp"): the image's EXPOSE, --expose and the published ports, merged at
    /// create.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    /// <summary>-P: each exposed port that -p does not publish gets a random host port at each start.</summary>
    public bool PublishAllPorts { get; init; }
    /// <summary>--ulimit entries; they replace the engine's default for the same resource.</summary>
    public IReadOnlyList<Ulimit> Ulimits { get; init; } = [];
    /// <summary>--tmpfs mounts, in the order given.</summary>
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];
    /// <summary>--mount entries (bind and tmpfs), in the order given.</summary>
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    /// <summary>Volumes: -v name:/path, --mount type=volume, -v /path and the image's VOLUME paths. Once created, every
    /// one is named (anonymous ones too).</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    /// <summary>--device mappings; the host node is looked up again at each start.</summary>
    public IReadOnlyList<DeviceMapping> Devices { get; init; } = [];
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    /// <summary>Size of the container's own /dev/shm; null means Docker's 64 MiB.</summary>
    public long? ShmSizeBytes { get; init; }
    /// <summary>--group-add as given: names are resolved in the container's /etc/group at start.</summary>
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    /// <summary>--init: null when not given (the daemon default, off), as Docker reports it.</summary>
    public bool? Init { get; init; }
    public int OomScoreAdj { get; init; }
    /// <summary>--log-opt max-size and max-file; null means the engine's defaults.</summary>
    public LogLimits? LogLimits { get; init; }
    /// <summary>-i: conmon gives the container a stdin pipe that attach connections write to; otherwise stdin is
    /// /dev/null.</summary>
    public bool OpenStdin { get; init; }
    /// <summary>With <see cref="OpenStdin"/>: the first attach whose input ends closes the container's stdin (docker run
    /// -i). Without it stdin stays open across attaches (conmon --leave-stdin-open).</summary>
    public bool StdinOnce { get; init; }
    /// <summary>Docker's Config.AttachStdin as the client sent it (shown in inspect; the daemon does not act on it).</summary>
    public bool AttachStdin { get; init; }
    /// <summary>-t: the process runs on a pseudo-terminal that conmon holds (conmon -t, the runtime's console socket).
    /// stdout and stderr are one stream, logged as stdout.</summary>
    public bool Tty { get; init; }
    /// <summary>The terminal's size at start (rows, columns); null: the runtime's default. Only with <see cref="Tty"/>.</summary>
    public TerminalSize? ConsoleSize { get; init; }
}

/// <summary>cgroup limits. null means "not set" (unlimited / kernel default).</summary>
public sealed record ResourceLimits
{
    /// <summary>CFS quota in microseconds per <see cref="CpuPeriod"/>; --cpus=0.25 is 25000 per 100000.</summary>
    public long? CpuQuota { get; init; }
    public long? CpuPeriod { get; init; }
    /// <summary>Docker --cpus expressed in billionths of a CPU, kept to report it back as NanoCpus.</summary>
    public long? NanoCpus { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public long? MemoryBytes { get; init; }
    /// <summary>Memory plus swap in bytes; -1 is unlimited swap.</summary>
    public long? MemorySwapBytes { get; init; }
    public long? PidsLimit { get; init; }
    /// <summary>NUMA memory nodes (cpuset.mems), e.g. "0-1".</summary>
    public string? CpusetMems { get; init; }
    /// <summary>Relative block I/O weight, 10..1000.</summary>
    public int? BlkioWeight { get; init; }

    /// <summary>The CPUs configured, as the user gave them: --cpus exactly (NanoCpus), else --cpu-quota over
    /// --cpu-period (to 6 places); null when neither. What inspect and the Limits tab show; the CPUs in effect, which
    /// a cpuset also bounds, are the stats' (<see cref="Cgroups.EffectiveLimits.Cpus"/>).</summary>
    public decimal? Cpus =>
        NanoCpus is { } nano ? nano / 1_000_000_000m
        : CpuQuota is > 0 and var quota && CpuPeriod is > 0 and var period ? Math.Round((decimal)quota / period, 6)
        : null;
}

public enum RestartPolicyKind { No, OnFailure, Always, UnlessStopped }

public sealed record RestartPolicy(RestartPolicyKind Kind, int MaximumRetryCount = 0)
{
    public static readonly RestartPolicy No = new(RestartPolicyKind.No);

    /// <summary>The Docker spelling: "no", "on-failure", "always", "unless-stopped".</summary>
    public string DockerName => Kind switch
    {
        RestartPolicyKind.OnFailure => "on-failure",
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        _ => "no",
    };
}

/// <summary>Docker's names for the network modes, so that "--network none" reads as such in code.</summary>
public static class NetworkMode
{
    /// <summary>Docker's NetworkMode: "none", "host", "container:ID", or the first network's name.</summary>
    public static string DockerName(ContainerConfig config) =>
        config.NetworkMode.IsPrivate ? config.Networks.Count > 0 ? config.Networks[0].Name : "none" : config.NetworkMode.ToString();

    /// <summary>An own network namespace with loopback only.</summary>
    public static NamespaceMode None => NamespaceMode.Private;
    public static NamespaceMode Host => NamespaceMode.Host;
}

public sealed record BindMount(string Source, string Destination, bool ReadOnly);

/// <summary>A terminal's size in rows and columns (TIOCSWINSZ).</summary>
public sealed record TerminalSize(ushort Height, ushort Width)
{
    /// <summary>Docker's [height, width] pair; null for null, zeros or a pair with a zero (the runtime's default).
    /// Throws a <see cref="ValidationException"/> naming <paramref name="field"/> for anything that is not two numbers
    /// from 0 to 65535.</summary>
    public static TerminalSize? From(IReadOnlyList<int>? pair, string field)
    {
        if (pair is null || pair.Count == 0) return null;
        if (pair.Count != 2 || pair.Any(n => n is < 0 or > ushort.MaxValue))
            throw new ValidationException(field, $"invalid {field} [{string.Join(", ", pair)}]: give [height, width], two numbers from 0 to 65535");
        return pair[0] == 0 || pair[1] == 0 ? null : new TerminalSize((ushort)pair[0], (ushort)pair[1]);
    }
}
