namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The limits a container's cgroup actually holds, read back from the kernel's files. null means unlimited or not
/// available (controller not mounted, file absent). Raw per-version values are kept so callers can show what the
/// kernel shows; <see cref="MemoryPlusSwapBytes"/> gives Docker's --memory-swap meaning on both versions.
/// </summary>
public sealed record CgroupLimits
{
    public CgroupMode Mode { get; init; }
    /// <summary>v1 cpu.cfs_quota_us, v2 first field of cpu.max; null when "max" / -1.</summary>
    public long? CpuQuota { get; init; }
    /// <summary>v1 cpu.cfs_period_us, v2 second field of cpu.max.</summary>
    public long? CpuPeriod { get; init; }
    /// <summary>v1 cpu.shares (1024 is the default weight).</summary>
    public long? CpuShares { get; init; }
    /// <summary>v2 cpu.weight (100 is the default weight).</summary>
    public long? CpuWeight { get; init; }
    /// <summary>cpuset.cpus (v2: cpuset.cpus in the container's dir); null or empty when not restricted.</summary>
    public string? CpusetCpus { get; init; }
    /// <summary>v1 memory.limit_in_bytes, v2 memory.max.</summary>
    public long? MemoryLimitBytes { get; init; }
    /// <summary>Raw swap file: v1 memory.memsw.limit_in_bytes (memory + swap), v2 memory.swap.max (swap only).</summary>
    public long? MemorySwapLimitBytes { get; init; }
    /// <summary>pids.max.</summary>
    public long? PidsLimit { get; init; }

    /// <summary>Memory plus swap, as Docker's --memory-swap means it; null when either part is unlimited.</summary>
    public long? MemoryPlusSwapBytes => Mode == CgroupMode.V2
        ? MemoryLimitBytes is { } memory && MemorySwapLimitBytes is { } swap ? memory + swap : null
        : MemorySwapLimitBytes;
}
