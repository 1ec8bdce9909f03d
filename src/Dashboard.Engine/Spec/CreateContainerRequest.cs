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
    /// <summary>0 or negative means unlimited, as in Docker.</summary>
    public long? PidsLimit { get; init; }

    /// <summary>no, on-failure[:N], always, unless-stopped.</summary>
    public string? RestartPolicy { get; init; }
    /// <summary>none (default: own netns with loopback only), host or container:NAME. Docker's "default" means none here.</summary>
    public string? NetworkMode { get; init; }
    /// <summary>--pid: private (default, also ""), host or container:NAME.</summary>
    public string? PidMode { get; init; }
    /// <summary>--ipc: private (default; also "" and Docker's "shareable"), host or container:NAME.</summary>
    public string? IpcMode { get; init; }
    /// <summary>--uts: private (default, also "") or host.</summary>
    public string? UtsMode { get; init; }
    /// <summary>/host/path:/container/path[:ro|rw]</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    public bool AutoRemove { get; init; }
    public int? StopTimeout { get; init; }
    public string? StopSignal { get; init; }
    /// <summary>--log-driver: empty, json-file or k8s-file (all mean the engine's rotated k8s-file log).</summary>
    public string? LogDriver { get; init; }
    /// <summary>--log-opt KEY=VALUE: max-size and max-file.</summary>
    public IReadOnlyDictionary<string, string>? LogOptions { get; init; }
}
