using static Dashboard.Engine.Cgroups.CgroupParsers;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The statistics files of one container's cgroups (v1/hybrid or v2), kept open, and what one read of them says: the
/// same figures on both versions, whatever file and key each version keeps them in. Files the host does not have stay
/// closed and read as zero/null. Not thread-safe: the stats sampler serialises reads.
/// </summary>
internal sealed class CgroupStatFiles : IDisposable
{
    private readonly bool _v2;
    private readonly List<KernelFile> _all = [];
    private string[] _statKeys = [];

    // v1 and v2 share the fields whose meaning is the same; the comments name the v1 / v2 file.
    private readonly KernelFile? _cpuUsage, _cpuacctStat, _percpu;        // cpuacct.usage, cpuacct.stat, usage_percpu (v1)
    private readonly KernelFile? _cpuStat;                                 // cpu.stat (both)
    private readonly KernelFile? _quota, _period;                          // cpu.cfs_quota_us / cpu.cfs_period_us, or cpu.max (v2: _quota)
    private readonly KernelFile? _cpuset;                                  // cpuset.cpus / cpuset.cpus.effective
    private readonly KernelFile? _memUsage, _memMax, _memLimit, _memStat;  // usage_in_bytes|current, max_usage|peak, limit|max, memory.stat
    private readonly KernelFile? _memEvents, _swap;                        // oom_control|memory.events, memsw.usage|swap.current
    private readonly KernelFile? _pidsCurrent, _pidsMax;
    private readonly KernelFile? _ioBytes, _ioOps;                         // blkio.throttle.* (v1) or io.stat (v2: _ioBytes)
    private readonly KernelFile? _cpuPressure, _memPressure, _ioPressure;

    public CgroupStatFiles(ContainerCgroup cgroup)
    {
        _v2 = cgroup.Mode == CgroupMode.V2;
        if (_v2)
        {
            var dir = cgroup.MemoryDir;
            _cpuStat = Open(dir, CgroupFiles.CpuStat);
            _quota = Open(dir, CgroupFiles.V2.CpuMax);
            _cpuset = Open(dir, CgroupFiles.V2.CpusetCpusEffective);
            _memUsage = Open(dir, CgroupFiles.V2.MemoryCurrent);
            _memMax = Open(dir, CgroupFiles.V2.MemoryPeak);
            _memLimit = Open(dir, CgroupFiles.V2.MemoryMax);
            _memStat = Open(dir, CgroupFiles.MemoryStat);
            _memEvents = Open(dir, CgroupFiles.V2.MemoryEvents);
            _swap = Open(dir, CgroupFiles.V2.MemorySwapCurrent);
            _pidsCurrent = Open(dir, CgroupFiles.PidsCurrent);
            _pidsMax = Open(dir, CgroupFiles.PidsMax);
            _ioBytes = Open(dir, CgroupFiles.V2.IoStat);
            _cpuPressure = Open(dir, CgroupFiles.V2.CpuPressure);
            _memPressure = Open(dir, CgroupFiles.V2.MemoryPressure);
            _ioPressure = Open(dir, CgroupFiles.V2.IoPressure);
        }
        else
        {
            var cpuacct = cgroup.CpuacctDir;
            _cpuUsage = Open(cpuacct, CgroupFiles.V1.CpuacctUsage);
            _cpuacctStat = Open(cpuacct, CgroupFiles.V1.CpuacctStat);
            _percpu = Open(cpuacct, CgroupFiles.V1.CpuacctUsagePerCpu);
            _cpuStat = Open(cgroup.CpuDir, CgroupFiles.CpuStat);
            _quota = Open(cgroup.CpuDir, CgroupFiles.V1.CpuQuota);
            _period = Open(cgroup.CpuDir, CgroupFiles.V1.CpuPeriod);
            _cpuset = Open(cgroup.CpusetDir, CgroupFiles.CpusetCpus);
            var memory = cgroup.MemoryDir;
            _memUsage = Open(memory, CgroupFiles.V1.MemoryUsage);
            _memMax = Open(memory, CgroupFiles.V1.MemoryMaxUsage);
            _memLimit = Open(memory, CgroupFiles.V1.MemoryLimit);
            _memStat = Open(memory, CgroupFiles.MemoryStat);
            _memEvents = Open(memory, CgroupFiles.V1.OomControl);
            _swap = Open(memory, CgroupFiles.V1.MemorySwapUsage);
            _pidsCurrent = Open(cgroup.PidsDir, CgroupFiles.PidsCurrent);
            _pidsMax = Open(cgroup.PidsDir, CgroupFiles.PidsMax);
            var blkio = cgroup.BlkioDir;
            _ioBytes = Open(blkio, CgroupFiles.V1.BlkioServiceBytesRecursive) ?? Open(blkio, CgroupFiles.V1.BlkioServiceBytes);
            _ioOps = Open(blkio, CgroupFiles.V1.BlkioServicedRecursive) ?? Open(blkio, CgroupFiles.V1.BlkioServiced);
        }
    }

    /// <summary>The open files, in the order they were opened (the sampler-cost benchmark reads the same ones).</summary>
    public IReadOnlyList<KernelFile> Files => _all;

    public CgroupCpuReading ReadCpu()
    {
        var stat = _cpuStat is null ? [] : _cpuStat.Read();
        ulong usage, user, system, throttledNanos;
        ulong[]? perCpu = null;
        double? quotaCpus = null;
        if (_v2)
        {
            usage = (Keyed(stat, "usage_usec"u8) ?? 0) * 1000;
            user = (Keyed(stat, "user_usec"u8) ?? 0) * 1000;
            system = (Keyed(stat, "system_usec"u8) ?? 0) * 1000;
            throttledNanos = (Keyed(stat, "throttled_usec"u8) ?? 0) * 1000;
            if (_quota is not null)
            {
                var (quota, period) = CpuMax(_quota.Read());
                if (quota is > 0 && period is > 0) quotaCpus = (double)quota.Value / period.Value;
            }
        }
        else
        {
            usage = Num(_cpuUsage) ?? 0;
            var acct = _cpuacctStat is null ? [] : _cpuacctStat.Read();
            user = (Keyed(acct, "user"u8) ?? 0) * NanosPerUserHzTick;
            system = (Keyed(acct, "system"u8) ?? 0) * NanosPerUserHzTick;
            throttledNanos = Keyed(stat, "throttled_time"u8) ?? 0;
            if (_percpu is not null) perCpu = NumberList(_percpu.Read());
            var quota = _quota is null ? null : Signed(_quota.Read());
            var period = _period is null ? null : Signed(_period.Read());
            if (quota is > 0 && period is > 0) quotaCpus = (double)quota.Value / period.Value;
        }
        return new CgroupCpuReading(usage, user, system, perCpu,
            Keyed(stat, "nr_periods"u8) ?? 0, Keyed(stat, "nr_throttled"u8) ?? 0, throttledNanos,
            quotaCpus, _cpuset is null ? 0 : CpusetSize(_cpuset.Read()));
    }

    public CgroupMemoryReading ReadMemory()
    {
        var stat = _memStat is null ? StatValues.Empty : KeyedAll(_memStat.Read(), ref _statKeys);
        var usage = Num(_memUsage) ?? 0;
        ulong Get(string key) => stat.TryGetValue(key, out var v) ? v : 0;
        var limit = _memLimit is null ? null : Limit(_memLimit.Read());
        var oomKills = _memEvents is null ? 0 : OomKillCount(_memEvents.Read()) ?? 0;
        // The working set is usage minus inactive file pages, as kubelet and cAdvisor define it.
        if (_v2)
            return new CgroupMemoryReading(usage, Delta(usage, Get("inactive_file")), Get("file"), Get("anon"),
                Num(_swap) ?? 0, Num(_memMax) ?? 0, limit, oomKills, stat);
        // v1: swap from memory.stat when swap accounting reports it, else memsw usage minus usage.
        var swap = stat.TryGetValue("total_swap", out var s) ? s : Delta(Num(_swap) ?? usage, usage);
        return new CgroupMemoryReading(usage, Delta(usage, Get("total_inactive_file")), Get("total_cache"), Get("total_rss"),
            swap, Num(_memMax) ?? 0, limit, oomKills, stat);
    }

    public (ulong Current, ulong? Limit) ReadPids() =>
        (Num(_pidsCurrent) ?? 0, _pidsMax is null ? null : Limit(_pidsMax.Read()));

    public (ulong ReadBytes, ulong WriteBytes, ulong ReadOps, ulong WriteOps) ReadIo()
    {
        if (_ioBytes is null) return default;
        if (_v2) return IoStat(_ioBytes.Read());
        var (rb, wb) = BlkioReadWrite(_ioBytes.Read());
        var (ro, wo) = _ioOps is null ? (0UL, 0UL) : BlkioReadWrite(_ioOps.Read());
        return (rb, wb, ro, wo);
    }

    /// <summary>Pressure stall information (v2 only); false when the cgroup has none of the files.</summary>
    public bool TryReadPressure(out PsiLine? cpu, out PsiLine? memory, out PsiLine? io)
    {
        cpu = _cpuPressure is null ? null : Pressure(_cpuPressure.Read());
        memory = _memPressure is null ? null : Pressure(_memPressure.Read());
        io = _ioPressure is null ? null : Pressure(_ioPressure.Read());
        return _cpuPressure is not null || _memPressure is not null || _ioPressure is not null;
    }

    public void Dispose()
    {
        foreach (var file in _all) file.Dispose();
        _all.Clear();
    }

    private static ulong Delta(ulong current, ulong subtract) => current >= subtract ? current - subtract : 0;

    private static ulong? Num(KernelFile? file) => file is null ? null : Number(file.Read());

    private KernelFile? Open(string? dir, string name)
    {
        var file = KernelFile.TryOpen(dir, name);
        if (file is not null) _all.Add(file);
        return file;
    }
}

/// <summary>One read of a container's CPU files: cumulative counters, and its quota and cpuset (0 when unset).</summary>
internal readonly record struct CgroupCpuReading(
    ulong UsageNanos, ulong UserNanos, ulong SystemNanos, ulong[]? PerCpuNanos,
    ulong ThrottlingPeriods, ulong ThrottledPeriods, ulong ThrottledNanos, double? QuotaCpus, int CpusetSize);

/// <summary>One read of a container's memory files; <see cref="Limit"/> is null when the cgroup has none.</summary>
internal readonly record struct CgroupMemoryReading(
    ulong Usage, ulong WorkingSet, ulong Cache, ulong Rss, ulong Swap, ulong MaxUsage, ulong? Limit, ulong OomKills,
    StatValues Stat);
