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

    public static StatsTickDto ToDto(StatsTick tick, Func<string, string?> names) => new()
    {
        Time = tick.Time,
        Samples = tick.Samples.Select(s => ToDto(s, names(s.ContainerId))).ToArray(),
        HostMemory = HostMemory,
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

    /// <summary>Total host memory (MemTotal), what docker stats shows as the limit of an unlimited container.</summary>
    public static ulong HostMemory { get; } = ReadHostMemory();

    private static ulong ReadHostMemory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                var kb = line["MemTotal:".Length..].Trim().Split(' ')[0];
                return ulong.Parse(kb) * 1024;
            }
        }
        catch (IOException) { }
        return (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
