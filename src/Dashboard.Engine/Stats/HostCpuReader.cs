namespace Dashboard.Engine.Stats;

/// <summary>Reads /proc/stat (kept open) for the host's total CPU time (Docker's system_cpu_usage) and online CPUs.</summary>
internal sealed class HostCpuReader(string procRoot) : IDisposable
{
    /// <summary>USER_HZ: the kernel reports /proc/stat and cpuacct.stat in 1/100 s on every Linux architecture.</summary>
    public const ulong NanosPerTick = 10_000_000;

    private readonly StatsFile? _stat = StatsFile.TryOpen(procRoot, "stat");

    public (ulong SystemUsageNanos, int OnlineCpus) Read()
    {
        if (_stat is null) return (0, Environment.ProcessorCount);
        var (jiffies, cpus) = StatsParsers.ProcStat(_stat.Read());
        return (jiffies * NanosPerTick, cpus > 0 ? cpus : Environment.ProcessorCount);
    }

    public void Dispose() => _stat?.Dispose();
}
