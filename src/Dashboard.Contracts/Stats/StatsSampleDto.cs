namespace Dashboard.Contracts.Stats;

/// <summary>
/// One compact stats sample of a container, as the hub and GET /api/containers/{ref}/stats send it: the figures a
/// table or graph shows, not the raw cgroup files. Counters are cumulative; percentages are per sample.
/// </summary>
public sealed record StatsSampleDto
{
    public string ContainerId { get; init; } = "";
    /// <summary>The container's name, when the server knew it at sampling time.</summary>
    public string? Name { get; init; }
    public DateTimeOffset Time { get; init; }
    /// <summary>Percent of one CPU, as docker stats shows it.</summary>
    public double CpuPercent { get; init; }
    public double? CpuPercentOfLimit { get; init; }
    public double? CpuLimit { get; init; }
    public ulong CpuUsageNanos { get; init; }
    public ulong ThrottledPeriods { get; init; }
    /// <summary>Usage minus inactive file pages: what docker stats shows as MEM USAGE.</summary>
    public ulong MemoryWorkingSet { get; init; }
    public ulong MemoryUsage { get; init; }
    public ulong MemoryCache { get; init; }
    /// <summary>The limit in bytes; null when unlimited.</summary>
    public ulong? MemoryLimit { get; init; }
    public ulong OomKills { get; init; }
    public ulong Pids { get; init; }
    public ulong? PidsLimit { get; init; }
    public ulong NetworkRxBytes { get; init; }
    public ulong NetworkTxBytes { get; init; }
    public ulong BlockReadBytes { get; init; }
    public ulong BlockWriteBytes { get; init; }
}

/// <summary>All samples of one sampler tick (the hub's AllStats stream).</summary>
public sealed record StatsTickDto
{
    public DateTimeOffset Time { get; init; }
    public StatsSampleDto[] Samples { get; init; } = [];
    /// <summary>Host memory in bytes, what docker stats shows as the limit of an unlimited container.</summary>
    public ulong HostMemory { get; init; }
}

/// <summary>Per-minute min/avg/max (GET /api/containers/{ref}/stats?resolution=minute).</summary>
public sealed record StatsRollupDto
{
    public DateTimeOffset Minute { get; init; }
    public int Samples { get; init; }
    public MinAvgMaxDto CpuPercent { get; init; } = new();
    public MinAvgMaxDto MemoryUsage { get; init; } = new();
    public MinAvgMaxDto MemoryWorkingSet { get; init; } = new();
    public MinAvgMaxDto Pids { get; init; } = new();
    public MinAvgMaxDto NetworkRxRate { get; init; } = new();
    public MinAvgMaxDto NetworkTxRate { get; init; } = new();
    public MinAvgMaxDto BlockReadRate { get; init; } = new();
    public MinAvgMaxDto BlockWriteRate { get; init; } = new();
    public ulong ThrottledPeriods { get; init; }
    public ulong? MemoryLimit { get; init; }
    public double? CpuLimit { get; init; }
}

public sealed record MinAvgMaxDto
{
    public double Min { get; init; }
    public double Avg { get; init; }
    public double Max { get; init; }
}

/// <summary>GET /api/containers/{ref}/stats: raw samples or minute rollups (the other list is empty).</summary>
public sealed record StatsHistoryDto
{
    public string ContainerId { get; init; } = "";
    /// <summary>"raw" or "minute".</summary>
    public string Resolution { get; init; } = "raw";
    public StatsSampleDto[] Samples { get; init; } = [];
    public StatsRollupDto[] Rollups { get; init; } = [];
}
