using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Stats;

/// <summary>
/// The open stats files of one running container (cgroup v1/hybrid or v2, plus its PID 1's /proc/PID/net/dev) and
/// the code that turns one read of them into a <see cref="ContainerStats"/>. Not thread-safe: the sampler serialises
/// reads. Files the host does not have stay null and their figures read as zero/null.
/// </summary>
internal sealed class CgroupStatsReader : IDisposable
{
    private readonly string _id;
    private readonly bool _v2;
    private readonly List<StatsFile> _all = [];
    private string[] _statKeys = [];
    private readonly List<string> _interfaceNames = [];

    // v1 and v2 share the fields whose meaning is the same; the comments name the v1 / v2 file.
    private readonly StatsFile? _cpuUsage, _cpuacctStat, _percpu;        // cpuacct.usage, cpuacct.stat, usage_percpu (v1)
    private readonly StatsFile? _cpuStat;                                 // cpu.stat (both)
    private readonly StatsFile? _quota, _period;                          // cpu.cfs_quota_us / cpu.cfs_period_us, or cpu.max (v2: _quota)
    private readonly StatsFile? _cpuset;                                  // cpuset.cpus / cpuset.cpus.effective
    private readonly StatsFile? _memUsage, _memMax, _memLimit, _memStat;  // usage_in_bytes|current, max_usage|peak, limit|max, memory.stat
    private readonly StatsFile? _memEvents, _swap;                        // oom_control|memory.events, memsw.usage|swap.current
    private readonly StatsFile? _pidsCurrent, _pidsMax;
    private readonly StatsFile? _ioBytes, _ioOps;                         // blkio.throttle.* (v1) or io.stat (v2: _ioBytes)
    private readonly StatsFile? _cpuPressure, _memPressure, _ioPressure;
    private readonly StatsFile? _netDev;

    public CgroupStatsReader(string containerId, ContainerCgroup cgroup, string procRoot, int? pid)
    {
        _id = containerId;
        _v2 = cgroup.Mode == CgroupMode.V2;
        if (_v2)
        {
            var dir = cgroup.DirectoryFor("memory");
            _cpuStat = Open(dir, "cpu.stat");
            _quota = Open(dir, "cpu.max");
            _cpuset = Open(dir, "cpuset.cpus.effective");
            _memUsage = Open(dir, "memory.current");
            _memMax = Open(dir, "memory.peak");
            _memLimit = Open(dir, "memory.max");
            _memStat = Open(dir, "memory.stat");
            _memEvents = Open(dir, "memory.events");
            _swap = Open(dir, "memory.swap.current");
            _pidsCurrent = Open(dir, "pids.current");
            _pidsMax = Open(dir, "pids.max");
            _ioBytes = Open(dir, "io.stat");
            _cpuPressure = Open(dir, "cpu.pressure");
            _memPressure = Open(dir, "memory.pressure");
            _ioPressure = Open(dir, "io.pressure");
        }
        else
        {
            var cpuacct = cgroup.CpuacctDir;
            _cpuUsage = Open(cpuacct, "cpuacct.usage");
            _cpuacctStat = Open(cpuacct, "cpuacct.stat");
            _percpu = Open(cpuacct, "cpuacct.usage_percpu");
            _cpuStat = Open(cgroup.CpuDir, "cpu.stat");
            _quota = Open(cgroup.CpuDir, "cpu.cfs_quota_us");
            _period = Open(cgroup.CpuDir, "cpu.cfs_period_us");
            _cpuset = Open(cgroup.CpusetDir, "cpuset.cpus");
            var memory = cgroup.MemoryDir;
            _memUsage = Open(memory, "memory.usage_in_bytes");
            _memMax = Open(memory, "memory.max_usage_in_bytes");
            _memLimit = Open(memory, "memory.limit_in_bytes");
            _memStat = Open(memory, "memory.stat");
            _memEvents = Open(memory, "memory.oom_control");
            _swap = Open(memory, "memory.memsw.usage_in_bytes");
            _pidsCurrent = Open(cgroup.PidsDir, "pids.current");
            _pidsMax = Open(cgroup.PidsDir, "pids.max");
            _ioBytes = Open(cgroup.BlkioDir, "blkio.throttle.io_service_bytes_recursive") ?? Open(cgroup.BlkioDir, "blkio.throttle.io_service_bytes");
            _ioOps = Open(cgroup.BlkioDir, "blkio.throttle.io_serviced_recursive") ?? Open(cgroup.BlkioDir, "blkio.throttle.io_serviced");
        }
        if (pid is > 0) _netDev = Open(Path.Combine(procRoot, pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "net"), "dev");
    }

    /// <summary>How many files are open (for tests and diagnostics).</summary>
    public int OpenFiles => _all.Count;

    /// <summary>The paths of the open files, in read order of construction (for the sampler-cost benchmark).</summary>
    public IEnumerable<string> OpenPaths => _all.Select(f => f.Path);

    /// <summary>The open files themselves (the sampler-cost benchmark times their reads alone).</summary>
    internal IReadOnlyList<StatsFile> Files => _all;

    public bool Disposed { get; private set; }

    /// <summary>Reads every file once and computes rates against <paramref name="previous"/> (same container).</summary>
    public ContainerStats Read(DateTimeOffset time, ulong systemUsageNanos, int onlineCpus, ContainerStats? previous)
    {
        var (cpu, cpusetSize) = ReadCpu(systemUsageNanos, onlineCpus);
        var wall = previous is null ? 0 : (time - previous.Time).TotalNanoseconds;
        return new ContainerStats
        {
            ContainerId = _id,
            Time = time,
            Cpu = StatsRates.WithRates(cpu, previous?.Cpu, wall, cpusetSize),
            Memory = ReadMemory(),
            Pids = new PidsStats(Num(_pidsCurrent) ?? 0, _pidsMax is null ? null : StatsParsers.Limit(_pidsMax.Read())),
            BlockIo = ReadBlockIo(),
            Networks = _netDev is null ? [] : StatsParsers.NetDev(_netDev.Read(), _interfaceNames),
            Pressure = ReadPressure(),
        };
    }

    private (CpuStats Cpu, int CpusetSize) ReadCpu(ulong systemUsageNanos, int onlineCpus)
    {
        var stat = _cpuStat is null ? [] : _cpuStat.Read();
        ulong usage, user, system, throttledNanos;
        ulong[]? perCpu = null;
        double? limitCpus = null;
        if (_v2)
        {
            usage = (StatsParsers.Keyed(stat, "usage_usec"u8) ?? 0) * 1000;
            user = (StatsParsers.Keyed(stat, "user_usec"u8) ?? 0) * 1000;
            system = (StatsParsers.Keyed(stat, "system_usec"u8) ?? 0) * 1000;
            throttledNanos = (StatsParsers.Keyed(stat, "throttled_usec"u8) ?? 0) * 1000;
            if (_quota is not null)
            {
                var (quota, period) = StatsParsers.CpuMax(_quota.Read());
                if (quota is > 0 && period is > 0) limitCpus = (double)quota.Value / period.Value;
            }
        }
        else
        {
            usage = Num(_cpuUsage) ?? 0;
            var acct = _cpuacctStat is null ? [] : _cpuacctStat.Read();
            user = (StatsParsers.Keyed(acct, "user"u8) ?? 0) * HostCpuReader.NanosPerTick;
            system = (StatsParsers.Keyed(acct, "system"u8) ?? 0) * HostCpuReader.NanosPerTick;
            throttledNanos = StatsParsers.Keyed(stat, "throttled_time"u8) ?? 0;
            if (_percpu is not null) perCpu = StatsParsers.NumberList(_percpu.Read());
            var quota = _quota is null ? null : StatsParsers.Signed(_quota.Read());
            var period = _period is null ? null : StatsParsers.Signed(_period.Read());
            if (quota is > 0 && period is > 0) limitCpus = (double)quota.Value / period.Value;
        }
        var cpu = new CpuStats
        {
            UsageNanos = usage,
            UserNanos = user,
            SystemNanos = system,
            PerCpuNanos = perCpu,
            SystemUsageNanos = systemUsageNanos,
            OnlineCpus = onlineCpus,
            LimitCpus = limitCpus,
            ThrottlingPeriods = StatsParsers.Keyed(stat, "nr_periods"u8) ?? 0,
            ThrottledPeriods = StatsParsers.Keyed(stat, "nr_throttled"u8) ?? 0,
            ThrottledNanos = throttledNanos,
        };
        return (cpu, _cpuset is null ? 0 : StatsParsers.CpusetSize(_cpuset.Read()));
    }

    private MemoryStats ReadMemory()
    {
        var stat = _memStat is null ? StatValues.Empty : StatsParsers.KeyedAll(_memStat.Read(), ref _statKeys);
        var usage = Num(_memUsage) ?? 0;
        ulong Get(string key) => stat.TryGetValue(key, out var v) ? v : 0;
        var limit = _memLimit is null ? null : StatsParsers.Limit(_memLimit.Read());
        var oomKills = _memEvents is null ? 0 : StatsParsers.Keyed(_memEvents.Read(), "oom_kill"u8) ?? 0;
        if (_v2)
        {
            return new MemoryStats
            {
                Usage = usage, WorkingSet = StatsRates.Delta(usage, Get("inactive_file")), Cache = Get("file"), Rss = Get("anon"),
                Swap = Num(_swap) ?? 0, MaxUsage = Num(_memMax) ?? 0, Limit = limit, OomKills = oomKills, Stat = stat,
            };
        }
        // v1: swap from memory.stat when swap accounting reports it, else memsw usage minus usage.
        ulong swap = stat.TryGetValue("total_swap", out var s) ? s : StatsRates.Delta(Num(_swap) ?? usage, usage);
        return new MemoryStats
        {
            Usage = usage, WorkingSet = StatsRates.Delta(usage, Get("total_inactive_file")), Cache = Get("total_cache"),
            Rss = Get("total_rss"), Swap = swap, MaxUsage = Num(_memMax) ?? 0, Limit = limit, OomKills = oomKills, Stat = stat,
        };
    }

    private BlockIoStats ReadBlockIo()
    {
        if (_ioBytes is null) return new BlockIoStats();
        if (_v2) return StatsParsers.IoStat(_ioBytes.Read());
        var (rb, wb) = StatsParsers.BlkioReadWrite(_ioBytes.Read());
        var (ro, wo) = _ioOps is null ? (0UL, 0UL) : StatsParsers.BlkioReadWrite(_ioOps.Read());
        return new BlockIoStats(rb, wb, ro, wo);
    }

    private PressureStats? ReadPressure()
    {
        if (_cpuPressure is null && _memPressure is null && _ioPressure is null) return null;
        return new PressureStats(
            _cpuPressure is null ? null : StatsParsers.Pressure(_cpuPressure.Read()),
            _memPressure is null ? null : StatsParsers.Pressure(_memPressure.Read()),
            _ioPressure is null ? null : StatsParsers.Pressure(_ioPressure.Read()));
    }

    private static ulong? Num(StatsFile? file) => file is null ? null : StatsParsers.Number(file.Read());

    private StatsFile? Open(string? dir, string name)
    {
        var file = StatsFile.TryOpen(dir, name);
        if (file is not null) _all.Add(file);
        return file;
    }

    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        foreach (var file in _all) file.Dispose();
        _all.Clear();
    }
}
