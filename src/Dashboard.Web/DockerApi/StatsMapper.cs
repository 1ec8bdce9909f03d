using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Turns our samples into moby's StatsResponse, in the shape moby's statsV1 / statsV2 produce for the host's cgroup
/// version, because clients (the docker CLI's CPU % and memory formulas) read version-specific fields.
/// </summary>
internal static class StatsMapper
{
    /// <summary>
    /// True on a pure cgroup v2 host; hybrid and legacy hosts get moby's v1 shape. The layout is the one the engine
    /// detected at start (<see cref="RuntimeSelection"/>); DockerApi:CgroupVersion overrides it.
    /// </summary>
    public static bool HostIsCgroupV2(HttpContext context, DockerApiOptions options) =>
        options.CgroupVersion is { } version ? version == 2
        : context.RequestServices.GetRequiredService<RuntimeSelection>().Cgroups.Mode == CgroupMode.V2;

    /// <summary>moby's answer for a container that is not running: zero values with only name and id set.</summary>
    public static StatsResponseModel Empty(ContainerRecord record) => new() { Name = "/" + record.Name, Id = record.Id };

    public static StatsResponseModel Map(ContainerRecord record, ContainerStats sample, ContainerStats? previous, bool v2, ulong hostMemory) => new()
    {
        Read = DockerTime.Rfc3339Nano(sample.Time),
        PreRead = previous is null ? DockerTime.Zero : DockerTime.Rfc3339Nano(previous.Time),
        PidsStats = new PidsStatsModel { Current = sample.Pids.Current, Limit = sample.Pids.Limit ?? 0 },
        BlkioStats = Blkio(sample.BlockIo, v2),
        CpuStats = Cpu(sample.Cpu, v2),
        PreCpuStats = previous is null ? new CpuStatsModel() : Cpu(previous.Cpu, v2),
        MemoryStats = Memory(sample.Memory, v2, hostMemory),
        Name = "/" + record.Name,
        Id = record.Id,
        Networks = sample.Networks.Count == 0 ? null : sample.Networks.ToDictionary(n => n.Name, n => new NetworkStatsModel(
            n.RxBytes, n.RxPackets, n.RxErrors, n.RxDropped, n.TxBytes, n.TxPackets, n.TxErrors, n.TxDropped)),
    };

    private static CpuStatsModel Cpu(CpuStats cpu, bool v2) => new()
    {
        CpuUsage = new CpuUsageModel
        {
            TotalUsage = cpu.UsageNanos,
            // cgroup v2 has no per-CPU accounting; moby leaves percpu_usage out there.
            PercpuUsage = v2 || cpu.PerCpuNanos is not { Count: > 0 } ? null : cpu.PerCpuNanos,
            UsageInKernelmode = cpu.SystemNanos,
            UsageInUsermode = cpu.UserNanos,
        },
        SystemCpuUsage = cpu.SystemUsageNanos,
        OnlineCpus = (uint)Math.Max(0, cpu.OnlineCpus),
        ThrottlingData = new ThrottlingDataModel
        {
            Periods = cpu.ThrottlingPeriods,
            ThrottledPeriods = cpu.ThrottledPeriods,
            ThrottledTime = cpu.ThrottledNanos,
        },
    };

    private static MemoryStatsModel Memory(MemoryStats memory, bool v2, ulong hostMemory)
    {
        // An unlimited container reports the machine's memory, as moby does (whose cap to it is part of the effective
        // limit already).
        var limit = memory.Limit ?? hostMemory;
        return new MemoryStatsModel
        {
            Usage = memory.Usage,
            MaxUsage = v2 ? 0 : memory.MaxUsage,
            Stats = memory.Stat.Count == 0 ? null : memory.Stat,
            // v2: moby reports memory.events "oom" as failcnt; v1's memory.failcnt is not in our sample.
            Failcnt = v2 ? memory.OomKills : 0,
            Limit = limit,
        };
    }

    /// <summary>Our sample has per-container totals, not per-device rows, so one row with device 0:0 carries them.
    /// The docker CLI sums rows by the op's first letter, so the totals come out right either way.</summary>
    private static BlkioStatsModel Blkio(BlockIoStats io, bool v2)
    {
        if (v2)
        {
            return new BlkioStatsModel
            {
                IoServiceBytesRecursive = [new(0, 0, "read", io.ReadBytes), new(0, 0, "write", io.WriteBytes)],
            };
        }
        return new BlkioStatsModel
        {
            IoServiceBytesRecursive = V1Rows(io.ReadBytes, io.WriteBytes),
            IoServicedRecursive = V1Rows(io.ReadOps, io.WriteOps),
        };
    }

    // cgroup v1 blkio files list Read, Write, Sync, Async, Discard and Total; Sync/Async are not tracked separately,
    // so (as for a device with only async I/O) all of it counts as Async.
    private static IReadOnlyList<BlkioStatEntryModel> V1Rows(ulong read, ulong write) =>
    [
        new(0, 0, "Read", read), new(0, 0, "Write", write), new(0, 0, "Sync", 0),
        new(0, 0, "Async", read + write), new(0, 0, "Discard", 0), new(0, 0, "Total", read + write),
    ];
}
