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
    /// <summary>--network: private is Docker's "none" (an own namespace with loopback only).</summary>
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
    /// <summary>--log-opt max-size and max-file; null means the engine's defaults.</summary>
    public LogLimits? LogLimits { get; init; }
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
    /// <summary>An own network namespace with loopback only.</summary>
    public static NamespaceMode None => NamespaceMode.Private;
    public static NamespaceMode Host => NamespaceMode.Host;
}

public sealed record BindMount(string Source, string Destination, bool ReadOnly);
