using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Containers;

/// <summary>
/// POST /api/containers. Human quantities stay strings exactly as typed ("200m", "0.25", "on-failure:3"); the
/// engine's validator owns every rule and message, so the CLI and the browser form get the same answers.
/// </summary>
// A typo in a create request ("memroy") must be an error, not a silently ignored field.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateContainerDto
{
    public string? Name { get; init; }
    public string Image { get; init; } = "";
    /// <summary>null: the image's Cmd.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>null: the image's Entrypoint; an empty list clears it.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>KEY=VALUE entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>Decimal CPUs, e.g. "0.25".</summary>
    public string? Cpus { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    /// <summary>Bytes or a size with unit b/k/m/g, e.g. "200m".</summary>
    public string? Memory { get; init; }
    /// <summary>Memory plus swap, "-1" for unlimited.</summary>
    public string? MemorySwap { get; init; }
    /// <summary>null: the daemon's default (Engine:DefaultPidsLimit); 0 or -1: unlimited.</summary>
    public long? PidsLimit { get; init; }
    /// <summary>NUMA memory nodes, e.g. "0-1" (docker --cpuset-mems).</summary>
    public string? CpusetMems { get; init; }
    /// <summary>Block I/O weight 10..1000 (docker --blkio-weight).</summary>
    public int? BlkioWeight { get; init; }
    /// <summary>no, on-failure[:N], always, unless-stopped.</summary>
    public string? Restart { get; init; }
    /// <summary>A network's name (default: bridge), none, host or container:NAME (docker --network). host is admin-only
    /// over TCP.</summary>
    public string? Network { get; init; }
    /// <summary>docker --network-alias: more DNS names on a user network.</summary>
    public IReadOnlyList<string>? NetworkAliases { get; init; }
    /// <summary>docker --ip: a static IPv4 address on the network.</summary>
    public string? Ip { get; init; }
    /// <summary>docker -p: "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]".</summary>
    public IReadOnlyList<string>? Publish { get; init; }
    /// <summary>docker --expose: "80", "53/udp".</summary>
    public IReadOnlyList<string>? Expose { get; init; }
    /// <summary>docker -P: every exposed port on a random host port.</summary>
    public bool PublishAll { get; init; }
    /// <summary>private (default), host or container:NAME (docker --pid). host is admin-only over TCP.</summary>
    public string? Pid { get; init; }
    /// <summary>private (default; also shareable), host or container:NAME (docker --ipc). host is admin-only over TCP.</summary>
    public string? Ipc { get; init; }
    /// <summary>private (default) or host (docker --uts). host is admin-only over TCP.</summary>
    public string? Uts { get; init; }
    /// <summary>"/host/path:/container/path[:ro|rw]".</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public bool AutoRemove { get; init; }
    public int? StopTimeout { get; init; }
    public string? StopSignal { get; init; }
    /// <summary>docker --privileged: every capability, no seccomp, the host's devices. Admin-only over TCP.</summary>
    public bool Privileged { get; init; }
    /// <summary>docker --cap-add: NET_ADMIN, CAP_SYS_PTRACE, ALL, ...</summary>
    public IReadOnlyList<string>? CapAdd { get; init; }
    /// <summary>docker --cap-drop.</summary>
    public IReadOnlyList<string>? CapDrop { get; init; }
    /// <summary>docker --read-only: a read-only root file system.</summary>
    public bool ReadOnly { get; init; }
    /// <summary>docker --security-opt: no-new-privileges[=true|false], seccomp=unconfined|builtin|&lt;profile JSON&gt;,
    /// apparmor=PROFILE, label=disable. A seccomp profile is its JSON content (dashctl reads the file).</summary>
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    /// <summary>docker --ulimit: "nofile=1024:2048".</summary>
    public IReadOnlyList<string>? Ulimits { get; init; }
    /// <summary>docker --tmpfs: "/run:size=64m".</summary>
    public IReadOnlyList<string>? Tmpfs { get; init; }
    /// <summary>docker --mount: "type=bind,source=/srv,target=/data,readonly" or "type=tmpfs,target=/cache,tmpfs-size=64m".</summary>
    public IReadOnlyList<string>? Mounts { get; init; }
    /// <summary>docker --device: "/dev/fuse" or "/dev/zero:/dev/myzero:rw".</summary>
    public IReadOnlyList<string>? Devices { get; init; }
    /// <summary>docker --sysctl: namespaced kernel parameters, e.g. {"net.ipv4.ip_forward": "1"}.</summary>
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
    /// <summary>docker --shm-size: "128m".</summary>
    public string? ShmSize { get; init; }
    /// <summary>docker --group-add: group names (from the image's /etc/group) or ids.</summary>
    public IReadOnlyList<string>? GroupAdd { get; init; }
    /// <summary>docker --init: tini as PID 1.</summary>
    public bool? Init { get; init; }
    /// <summary>docker --oom-score-adj: -1000..1000.</summary>
    public int? OomScoreAdj { get; init; }
    /// <summary>docker --log-opt: max-size (Docker's decimal units, "10m"; "-1" for no limit) and max-file.</summary>
    public IReadOnlyDictionary<string, string>? LogOptions { get; init; }
    /// <summary>docker -i: the container's stdin is a pipe that attach clients write to (else /dev/null).</summary>
    public bool OpenStdin { get; init; }
    /// <summary>With OpenStdin: the end of the first attached client's input closes stdin (an attached run -i).</summary>
    public bool StdinOnce { get; init; }
}
