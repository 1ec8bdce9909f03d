using Dashboard.Contracts.Stats;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Hubs;

/// <summary>Engine stats to the compact wire DTOs: the figures clients show, without the raw memory.stat map.</summary>
public static class StatsMapper
{
    public static StatsSampleDto ToDto(ContainerStats s, string? name = null) => new()
    {
        ContainerId = s.ContainerId,
        Name = name,
        Time = s.Time,
        CpuPercent = s.Cpu.Percent,
        CpuPercentOfLimit = s.Cpu.PercentOfLimit,
        CpuLimit = s.Cpu.LimitCpus,
        CpuUsageNanos = s.Cpu.UsageNanos,
        ThrottledPeriods = s.Cpu.ThrottledPeriods,
        MemoryWorkingSet = s.Memory.WorkingSet,
        MemoryUsage = s.Memory.Usage,
        MemoryCache = s.Memory.Cache,
        MemoryLimit = s.Memory.Limit,
        OomKills = s.Memory.OomKills,
        Pids = s.Pids.Current,
        PidsLimit = s.Pids.Limit,
        NetworkRxBytes = s.Networks.Aggregate(0UL, (sum, n) => sum + n.RxBytes),
        NetworkTxBytes = s.Networks.Aggregate(0UL, (sum, n) => sum + n.TxBytes),
        BlockReadBytes = s.BlockIo.ReadBytes,
        BlockWriteBytes = s.BlockIo.WriteBytes,
    };

    /// <param name="hostMemory">The host's memory (HostInfo), what docker stats shows as an unlimited container's limit.</param>
    public static StatsTickDto ToDto(StatsTick tick, Func<string, string?> names, ulong hostMemory) => new()
    {
        Time = tick.Time,
        Samples = tick.Samples.Select(s => ToDto(s, names(s.ContainerId))).ToArray(),
        HostMemory = hostMemory,
    };

    public static StatsRollupDto ToDto(StatsRollup r) => new()
    {
        Minute = r.Minute,
        Samples = r.Samples,
        CpuPercent = ToDto(r.CpuPercent),
        MemoryUsage = ToDto(r.MemoryUsage),
        MemoryWorkingSet = ToDto(r.MemoryWorkingSet),
        Pids = ToDto(r.Pids),
        NetworkRxRate = ToDto(r.NetworkRxRate),
        NetworkTxRate = ToDto(r.NetworkTxRate),
        BlockReadRate = ToDto(r.BlockReadRate),
        BlockWriteRate = ToDto(r.BlockWriteRate),
        ThrottledPeriods = r.ThrottledPeriods,
        MemoryLimit = r.MemoryLimit,
        CpuLimit = r.CpuLimit,
    };

    private static MinAvgMaxDto ToDto(MinAvgMax m) => new() { Min = m.Min, Avg = m.Avg, Max = m.Max };
}
