namespace Dashboard.Engine.Stats;

/// <summary>
/// One sample of a running container's cgroup and network namespace, with rates computed against the previous
/// sample of the same container. Counters are cumulative since the container's cgroup was created; null means
/// "not available on this host / cgroup version".
/// </summary>
public sealed record ContainerStats
{
    public required string ContainerId { get; init; }
    public required DateTimeOffset Time { get; init; }
    public CpuStats Cpu { get; init; } = new();
    public MemoryStats Memory { get; init; } = new();
    public PidsStats Pids { get; init; } = new();
    public BlockIoStats BlockIo { get; init; } = new();
    public IReadOnlyList<NetworkInterfaceStats> Networks { get; init; } = [];
    /// <summary>Pressure stall information of the container's cgroup (cgroup v2 only).</summary>
    public PressureStats? Pressure { get; init; }
}

public sealed record CpuStats
{
    /// <summary>Total CPU time used, nanoseconds.</summary>
    public ulong UsageNanos { get; init; }
    public ulong UserNanos { get; init; }
    public ulong SystemNanos { get; init; }
    /// <summary>Per-CPU usage in nanoseconds where the cgroup reports it (v1 cpuacct.usage_percpu).</summary>
    public IReadOnlyList<ulong>? PerCpuNanos { get; init; }
    /// <summary>Host CPU time (all CPUs, from /proc/stat) in nanoseconds: Docker's system_cpu_usage.</summary>
    public ulong SystemUsageNanos { get; init; }
    public int OnlineCpus { get; init; }
    /// <summary>Percent of one CPU, as docker stats shows it (can exceed 100 on several CPUs).</summary>
    public double Percent { get; init; }
    /// <summary>Percent of the whole host's CPU capacity (0..100).</summary>
    public double PercentOfHost { get; init; }
    /// <summary>Percent of <see cref="LimitCpus"/>; null when unlimited.</summary>
    public double? PercentOfLimit { get; init; }
    /// <summary>The CPUs in effect (<see cref="Cgroups.EffectiveLimits.Cpus"/>: quota/period bounded by the cpuset),
    /// null when unlimited.</summary>
    public double? LimitCpus { get; init; }
    public ulong ThrottlingPeriods { get; init; }
    public ulong ThrottledPeriods { get; init; }
    public ulong ThrottledNanos { get; init; }
}

public sealed record MemoryStats
{
    public ulong Usage { get; init; }
    /// <summary>Usage minus inactive file pages, as kubelet and cAdvisor define the working set.</summary>
    public ulong WorkingSet { get; init; }
    public ulong Cache { get; init; }
    public ulong Rss { get; init; }
    public ulong Swap { get; init; }
    public ulong MaxUsage { get; init; }
    /// <summary>The limit in effect in bytes (<see cref="Cgroups.EffectiveLimits.MemoryBytes"/>); null when unlimited.</summary>
    public ulong? Limit { get; init; }
    /// <summary>The kernel's oom_kill counter for this cgroup.</summary>
    public ulong OomKills { get; init; }
    /// <summary>memory.stat as the kernel wrote it (Docker's memory_stats.stats).</summary>
    public IReadOnlyDictionary<string, ulong> Stat { get; init; } = new Dictionary<string, ulong>();
}

public sealed record PidsStats(ulong Current = 0, ulong? Limit = null);

public sealed record BlockIoStats(ulong ReadBytes = 0, ulong WriteBytes = 0, ulong ReadOps = 0, ulong WriteOps = 0);

public sealed record NetworkInterfaceStats(
    string Name, ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped,
    ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped);

/// <summary>avg10 "some" (and "full" where defined) percentages, and total stall time in microseconds.</summary>
public sealed record PressureStats(PressureLine? Cpu, PressureLine? Memory, PressureLine? Io);

public sealed record PressureLine(double SomeAvg10, double? FullAvg10, ulong SomeTotalMicros, ulong? FullTotalMicros);

/// <summary>All samples taken in one tick of the sampler: one message per tick for "all containers" clients.</summary>
public sealed record StatsTick(DateTimeOffset Time, IReadOnlyList<ContainerStats> Samples);
