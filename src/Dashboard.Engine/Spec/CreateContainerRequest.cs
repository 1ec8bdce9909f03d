namespace Dashboard.Engine.Spec;

/// <summary>
/// What a user asked for, as it arrives from any edge (Docker API, native API, dashctl, the launch form), before
/// validation. Human-typed quantities stay strings ("200m", "0.25", "on-failure:3") so that one validator
/// (<see cref="ContainerRequestValidator"/>) owns every rule and every message.
/// </summary>
public sealed record CreateContainerRequest
{
    public string? Name { get; init; }
    public string Image { get; init; } = "";
    /// <summary>null means "use the image's Cmd".</summary>
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>null means "use the image's Entrypoint"; an empty list clears it.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>KEY=VALUE entries, appended to the image's environment.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Decimal CPUs, e.g. "0.25" (docker --cpus).</summary>
    public string? Cpus { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    /// <summary>Bytes or a size with unit b/k/m/g (docker --memory).</summary>
    public string? Memory { get; init; }
    /// <summary>Memory plus swap; "-1" means unlimited swap (docker --memory-swap).</summary>
    public string? MemorySwap { get; init; }
    /// <summary>null: the engine's default (Engine:DefaultPidsLimit); 0 or -1: unlimited, as in Docker.</summary>
    public long? PidsLimit { get; init; }
    /// <summary>NUMA memory nodes, e.g. "0" or "0-1" (docker --cpuset-mems).</summary>
    public string? CpusetMems { get; init; }
    /// <summary>Relative block I/O weight 10..1000; 0 or null: not set (docker --blkio-weight).</summary>
    public int? BlkioWeight { get; init; }

    /// <summary>no, on-failure[:N], always, unless-stopped.</summary>
    public string? RestartPolicy { get; init; }
    /// <summary>A network's name (null, "" and Docker's "default" mean the default network <c>bridge</c>), none (an own
    /// netns with loopback only), host or container:NAME.</summary>
    public string? NetworkMode { get; init; }
    /// <summary>Docker's NetworkingConfig.EndpointsConfig: more networks to join, and each one's static --ip and aliases.</summary>
    public IReadOnlyList<NetworkAttachment>? Networks { get; init; }
    /// <summary>-p in docker's syntax: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL].</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];
    /// <summary>--expose: container ports ("80", "53/udp") recorded for -P without publishing them.</summary>
    public IReadOnlyList<string> Expose { get; init; } = [];
    /// <summary>-P: publish every exposed port (the image's EXPOSE and --expose) on a random host port at each start.</summary>
    public bool PublishAll { get; init; }
    /// <summary>--pid: private (default, also ""), host or container:NAME.</summary>
    public string? PidMode { get; init; }
    /// <summary>--ipc: private (default; also "" and Docker's "shareable"), host or container:NAME.</summary>
    public string? IpcMode { get; init; }
    /// <summary>--uts: private (default, also "") or host.</summary>
    public string? UtsMode { get; init; }
    /// <summary>-v: /host/path:/container/path[:ro|rw], volume:/container/path[:ro|rw|nocopy] or /container/path.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    /// <summary>Docker's Config.Volumes: container paths that get anonymous volumes (the docker CLI's -v /path).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public bool AutoRemove { get; init; }
    public int? StopTimeout { get; init; }
    public string? StopSignal { get; init; }
    /// <summary>-i: the container's stdin is a pipe that attach clients write to (Docker's OpenStdin).</summary>
    public bool OpenStdin { get; init; }
    /// <summary>With <see cref="OpenStdin"/>: the end of the first attached client's input closes stdin (docker run -i
    /// sets it; docker run -d -i does not).</summary>
    public bool StdinOnce { get; init; }
    /// <summary>The creating client meant to attach stdin (Docker's AttachStdin): kept and shown, not acted on.</summary>
    public bool AttachStdin { get; init; }
    /// <summary>-t: the process gets a pseudo-terminal (conmon -t); its output is one raw stream.</summary>
    public bool Tty { get; init; }
    /// <summary>The terminal's initial size, [height, width] (Docker's HostConfig.ConsoleSize); null or zeros: the
    /// runtime's default.</summary>
    public IReadOnlyList<int>? ConsoleSize { get; init; }

    // Security and process options (docker run flags of the same names, as typed).

    /// <summary>--privileged: every capability, no seccomp, no masked paths, the host's devices. Admin-only over TCP.</summary>
    public bool Privileged { get; init; }
    /// <summary>--cap-add: names with or without CAP_, any case, or ALL.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    /// <summary>--cap-drop: names with or without CAP_, any case, or ALL.</summary>
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    /// <summary>--read-only: the root file system is mounted read-only.</summary>
    public bool ReadonlyRootfs { get; init; }
    /// <summary>--security-opt: no-new-privileges[=true|false], seccomp=unconfined|builtin|JSON (the CLI sends the
    /// file's content), apparmor=PROFILE, label=... .</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    /// <summary>--ulimit: NAME=SOFT[:HARD], e.g. nofile=1024:2048.</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];
    /// <summary>--tmpfs: /path[:options], e.g. /run:rw,size=64m.</summary>
    public IReadOnlyList<string> Tmpfs { get; init; } = [];
    /// <summary>--mount: the CSV form, e.g. type=bind,source=/srv,target=/data,readonly.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];
    /// <summary>--device: /host/path[:/container/path][:permissions], e.g. /dev/zero:/dev/myzero:rwm.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    /// <summary>--sysctl: namespaced kernel parameters, e.g. net.ipv4.ip_forward=1.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    /// <summary>--shm-size: the size of /dev/shm, e.g. 128m; null: 64m.</summary>
    public string? ShmSize { get; init; }
    /// <summary>--group-add: extra groups by name (looked up in the container's /etc/group) or number.</summary>
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    /// <summary>--init: run tini as PID 1 (bind-mounted at /sbin/docker-init), forwarding signals and reaping zombies.</summary>
    public bool? Init { get; init; }
    /// <summary>--oom-score-adj: -1000..1000.</summary>
    public int? OomScoreAdj { get; init; }

    /// <summary>--log-driver: empty, json-file or k8s-file (all mean the engine's rotated k8s-file log).</summary>
    public string? LogDriver { get; init; }
    /// <summary>--log-opt KEY=VALUE: max-size and max-file.</summary>
    public IReadOnlyDictionary<string, string>? LogOptions { get; init; }
}
