using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Stats;

/// <summary>
/// One running container's sample: its cgroup's statistics files (<see cref="CgroupStatFiles"/>, kept open) and its
/// PID 1's /proc/PID/net/dev, turned into a <see cref="ContainerStats"/> with rates against the previous sample and the
/// limits in effect (<see cref="EffectiveLimits"/>). Not thread-safe: the sampler serialises reads.
/// </summary>
internal sealed class CgroupStatsReader : IDisposable
{
    private readonly string _id;
    private readonly ulong _hostMemoryBytes;
    private readonly CgroupStatFiles _cgroup;
    private KernelFile? _netDev;
    private readonly List<string> _interfaceNames = [];

    /// <param name="hostMemoryBytes">The host's memory, the ceiling of an effective memory limit; 0 when unknown.</param>
    public CgroupStatsReader(string containerId, ContainerCgroup cgroup, string procRoot, int? pid, ulong hostMemoryBytes = 0)
    {
        _id = containerId;
        _hostMemoryBytes = hostMemoryBytes;
        _cgroup = new CgroupStatFiles(cgroup);
        if (pid is > 0) _netDev = KernelFile.TryOpen(Path.Combine(procRoot, pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "net"), "dev");
    }

    /// <summary>How many files are open (for tests and diagnostics).</summary>
    public int OpenFiles => Files.Count;

    /// <summary>The paths of the open files, in read order of construction (for the sampler-cost benchmark).</summary>
    public IEnumerable<string> OpenPaths => Files.Select(f => f.Path);

    /// <summary>The open files themselves (the sampler-cost benchmark times their reads alone).</summary>
    internal IReadOnlyList<KernelFile> Files => _netDev is null ? _cgroup.Files : [.. _cgroup.Files, _netDev];

    public bool Disposed { get; private set; }

    /// <summary>Reads every file once and computes rates against <paramref name="previous"/> (same container).</summary>
    public ContainerStats Read(DateTimeOffset time, ulong systemUsageNanos, int onlineCpus, ContainerStats? previous)
    {
        var cpu = _cgroup.ReadCpu();
        var wall = previous is null ? 0 : (time - previous.Time).TotalNanoseconds;
        var (pids, pidsLimit) = _cgroup.ReadPids();
        var (readBytes, writeBytes, readOps, writeOps) = _cgroup.ReadIo();
        return new ContainerStats
        {
            ContainerId = _id,
            Time = time,
            Cpu = StatsRates.WithRates(new CpuStats
            {
                UsageNanos = cpu.UsageNanos,
                UserNanos = cpu.UserNanos,
                SystemNanos = cpu.SystemNanos,
                PerCpuNanos = cpu.PerCpuNanos,
                SystemUsageNanos = systemUsageNanos,
                OnlineCpus = onlineCpus,
                LimitCpus = EffectiveLimits.Cpus(cpu.QuotaCpus, cpu.CpusetSize, onlineCpus),
                ThrottlingPeriods = cpu.ThrottlingPeriods,
                ThrottledPeriods = cpu.ThrottledPeriods,
                ThrottledNanos = cpu.ThrottledNanos,
            }, previous?.Cpu, wall),
            Memory = ReadMemory(),
            Pids = new PidsStats(pids, pidsLimit),
            BlockIo = new BlockIoStats(readBytes, writeBytes, readOps, writeOps),
            Networks = _netDev is null ? [] : ProcParsers.NetDev(_netDev.Read(), _interfaceNames),
            Pressure = ReadPressure(),
        };
    }

    private MemoryStats ReadMemory()
    {
        var m = _cgroup.ReadMemory();
        return new MemoryStats
        {
            Usage = m.Usage, WorkingSet = m.WorkingSet, Cache = m.Cache, Rss = m.Rss, Swap = m.Swap, MaxUsage = m.MaxUsage,
            Limit = EffectiveLimits.MemoryBytes(m.Limit, _hostMemoryBytes), OomKills = m.OomKills, Stat = m.Stat,
        };
    }

    private PressureStats? ReadPressure() =>
        _cgroup.TryReadPressure(out var cpu, out var memory, out var io) ? new PressureStats(Line(cpu), Line(memory), Line(io)) : null;

    private static PressureLine? Line(PsiLine? line) =>
        line is { } l ? new PressureLine(l.SomeAvg10, l.FullAvg10, l.SomeTotalMicros, l.FullTotalMicros) : null;

    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        _cgroup.Dispose();
        _netDev?.Dispose();
        _netDev = null;
    }
}
